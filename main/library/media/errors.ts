// Errors a technician can act on. `code` is stable (the UI words it through the message
// catalogue); `message` is English detail for logs and the diagnostic bundle.
export type MediaErrorCode =
  | 'disk-full' // the disk cannot hold the file and keep the ledger's reserve free
  | 'quota-reached' // the configured media quota is used up by files that may not be evicted
  | 'hub-unreachable' // no answer, a dropped connection or a 5xx: retried later by itself
  | 'hub-refused' // a 4xx other than 416 (not found, not enrolled, revoked)
  | 'checksum-mismatch' // the bytes (or their number) are not those of the address asked for
  | 'range-not-satisfiable' // 416 to a fresh request: the hub's file is empty or not what it said
  | 'disk-error' // the media folder cannot be read or written (permissions, I/O error)
  | 'unexpected' // a fault in the station software; the log has the detail
  | 'cancelled'; // stopped by the station itself; never shown as a failure

export class MediaError extends Error {
  readonly code: MediaErrorCode;
  /** Transient errors leave the item queued with a back-off; others mark it failed. */
  readonly transient: boolean;

  constructor(code: MediaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaError';
    this.code = code;
    this.transient = code === 'hub-unreachable';
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}
