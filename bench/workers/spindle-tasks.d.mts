import type { Task } from 'spindle';

export declare const inc: Task<[x: number], number>;
export declare const spin: Task<[iters: number], number>;
export declare const byteLength: Task<[buffer: ArrayBuffer], number>;
