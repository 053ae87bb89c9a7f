// Stable error codes of protocol v1. Every error answer is JSON `{ code, message }` (plus
// optional `details`) with the HTTP status below; clients branch on `code`, never on the
// message, which is for people and may change.

export const ERRORS = {
  malformed_json: { status: 400, what: 'The body is not valid JSON.' },
  invalid_request: { status: 400, what: 'The body or query does not match the schema of this endpoint.' },
  unknown_field: { status: 400, what: 'The body has a field this version of the protocol does not define.' },
  auth_missing: { status: 401, what: 'A signed endpoint was called without the signature headers.' },
  auth_bad_signature: {
    status: 401,
    what: 'The request signature or body hash does not verify against the station key.',
  },
  auth_stale_timestamp: {
    status: 401,
    what: 'The request timestamp is too far from hub time; measure the offset with GET /v1/time.',
  },
  auth_replayed_nonce: { status: 401, what: 'This nonce was already used by this station.' },
  station_unknown: { status: 401, what: 'No station is enrolled under this id.' },
  station_revoked: { status: 403, what: 'This station key was revoked; the station must be enrolled again.' },
  enrollment_invalid: {
    status: 403,
    what: 'The site code and enrollment token do not match an unused, unexpired token.',
  },
  key_proof_invalid: {
    status: 403,
    what: 'The re-enrollment is not signed by the key this station was enrolled with.',
  },
  key_in_use: { status: 409, what: 'This public key is already enrolled.' },
  not_found: { status: 404, what: 'No such resource.' },
  unknown_stream: { status: 404, what: 'No such pull stream.' },
  bad_cursor: { status: 400, what: 'The cursor was not issued by this hub.' },
  range_not_satisfiable: { status: 416, what: 'The requested byte range lies outside the file.' },
  payload_too_large: { status: 413, what: 'The body exceeds the size limit.' },
  unsupported_encoding: {
    status: 415,
    what: 'The body is compressed with an encoding this hub does not accept (gzip only).',
  },
  batch_too_large: { status: 413, what: 'The batch has more events than the limit.' },
  station_mismatch: { status: 400, what: 'An event names a different station than the one that signed the request.' },
  sequence_gap: { status: 409, what: 'The first new event does not follow the highest sequence the hub holds.' },
  sequence_order: {
    status: 400,
    what: 'The events of a batch are not in strictly ascending, contiguous sequence order.',
  },
  event_bad_hash: { status: 422, what: 'An event hash does not match its canonical serialisation.' },
  event_bad_signature: { status: 422, what: 'An event signature does not verify against the station key.' },
  chain_broken: { status: 422, what: 'An event previous-hash does not match the hash of the event before it.' },
  station_busy: {
    status: 429,
    what: 'A push of this station is still being processed; retry after the Retry-After delay.',
  },
  live_unavailable: { status: 503, what: 'The live source is not running.' },
  hub_busy: { status: 503, what: 'The hub is taking as many pushes as it can; retry after the Retry-After delay.' },
  internal: { status: 500, what: 'The hub failed; the request may be retried.' },
} as const satisfies Record<string, { status: number; what: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export type ErrorBody = { code: ErrorCode; message: string; details?: unknown };

/** An error that a hub handler throws to answer with `{ code, message }`. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string = ERRORS[code].what, details?: unknown) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
