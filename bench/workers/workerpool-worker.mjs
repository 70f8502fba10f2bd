// workerpool: registered methods, chosen per call with exec(name, [arg]).
import workerpool from 'workerpool';
import { byteLength, inc, incChunk, spin } from './kernels.mjs';

workerpool.worker({ inc, spin, byteLength, incChunk });
