import { defineTask } from 'spindle';
export const g = defineTask(import.meta.url, function g(x: number): number { return x * 2; });
export const u: string = import.meta.url;
