// spindle: named tasks; the worker imports this module and finds each task by name.
import { defineTask } from 'spindle';
import * as kernels from './kernels.mjs';

export const inc = defineTask(import.meta.url, kernels.inc);
export const spin = defineTask(import.meta.url, kernels.spin);
export const byteLength = defineTask(import.meta.url, kernels.byteLength);
