// The task of the whole-process cold start (S6), as a TypeScript module.
import { defineTask } from 'spindle';

export const inc = defineTask(import.meta.url, function inc(x: number): number {
  return x + 1;
});
