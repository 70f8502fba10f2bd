import type { MessagePort } from 'node:worker_threads';
import type { Task } from 'spindle';
import type { Queue } from 'spindle/queue';

export type Shape = 'number' | 'object';
export declare const queueProduce: Task<[q: Queue<unknown>, n: number, shape: Shape], number>;
export declare const queueConsume: Task<[q: Queue<unknown>, n: number, ready: Int32Array], number>;
export declare const relayProduce: Task<[port: MessagePort, n: number, shape: Shape], number>;
export declare const relayConsume: Task<[port: MessagePort, n: number, ready: Int32Array], number>;
