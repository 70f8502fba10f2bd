/**
 * Loads the shared-primitive classes (so their revivers register) the first time a worker is
 * sent one — not at worker start, which stays as cheap as it was before they existed.
 */
let loading: Promise<unknown> | undefined;

/** Resolves once every shared kind can be revived in this thread. */
export function loadSharedKinds(): Promise<unknown> {
  loading ??= import('../threading/shared-kinds.ts');
  return loading;
}
