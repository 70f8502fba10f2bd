/**
 * `spindle/queue` — Python's `queue`, shared across worker threads.
 * @module
 */
export {};
