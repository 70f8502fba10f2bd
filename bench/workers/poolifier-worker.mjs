// poolifier: a ThreadWorker with named task functions, chosen per call with execute(data, name).
import { ThreadWorker } from 'poolifier';
import { byteLength, inc, incChunk, spin } from './kernels.mjs';

export default new ThreadWorker({ inc, spin, byteLength, incChunk });
