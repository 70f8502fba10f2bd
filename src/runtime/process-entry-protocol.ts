/** The two messages a pool child sends outside batches. */

/** The child listens: the parent answers with its WorkerBoot. */
export const CHILD_HELLO = 'spindle:hello';

/** Key of the message a child sends before an uncaught error kills it. */
export const CHILD_CRASH = 'spindle:crash';

export interface ChildCrash {
  [CHILD_CRASH]: { name: string; message: string; stack: string | undefined };
}
