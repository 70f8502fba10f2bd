// piscina: named exports, chosen per call with run(arg, { name }).
export { byteLength, inc, incChunk, spin } from './kernels.mjs';
