/** The records of a download run: one per URL, with every attempt, as printed by `--json`. */

/** One attempt at a URL; `retry` says why another attempt followed and after how long. */
export interface AttemptRecord {
  attempt: number;
  /** The final HTTP status of this attempt, if a response arrived. */
  httpStatus?: number;
  /** Bytes already in the `.part` file that this attempt asked to continue from (Range). */
  resumedFrom?: number;
  error?: string;
  retry?: { reason: string; delayMs: number };
}

/** The outcome of one URL. */
export interface DownloadResult {
  url: string;
  /** The final path (or the `.part` path that was left when the download did not finish). */
  file?: string;
  /** The size of the file (or of the `.part` left). */
  bytes: number;
  /** Body bytes that crossed the network for this URL in this run (less than `bytes` after a resume). */
  transferred: number;
  /** Set when nothing had to be downloaded: the file was `already complete` (`--resume`) or `exists` (`--skip-existing`). */
  skipped?: 'already complete' | 'exists';
  status: 'ok' | 'failed' | 'interrupted';
  httpStatus?: number;
  attempts: AttemptRecord[];
  durationMs: number;
  error?: string;
}
