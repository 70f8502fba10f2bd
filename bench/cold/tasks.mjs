// The task of the whole-process cold start (S6), as compiled JS.
import { defineTask } from 'spindle';

export const inc = defineTask(import.meta.url, function inc(x) {
  return x + 1;
});
