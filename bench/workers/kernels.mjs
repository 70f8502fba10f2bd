// The work every system runs, as plain functions. Each system's worker file below wraps these
// in that system's own worker API, so all systems execute byte-for-byte the same code.

/** S1, S2, S6: the tiniest useful task. */
export function inc(x) {
  return x + 1;
}

/** S3: a deterministic xorshift loop; `iters` is calibrated so one call takes about 25 ms. */
export function spin(iters) {
  let x = 0x2545f491;
  for (let i = 0; i < iters; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

/** S4: proves the buffer arrived without sending it back. */
export function byteLength(buffer) {
  return buffer.byteLength;
}

/** S5 (peers): one chunk of items per call, mapped with `inc` like spindle's chunked map does. */
export function incChunk(items) {
  const out = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = inc(items[i]);
  return out;
}
