// What went wrong talking to the hub, sorted the way a technician fixes it: the network
// (unreachable), the hub's side (hub_error), an answer that cannot be the hub's (bad_answer,
// untrusted), or the hub saying no on purpose (refused, with the protocol's stable code).
// Screens branch on `kind` and `code`; `message` is for the log and the diagnostic bundle.
import type { ErrorCode } from '../errors.ts';

export type HubFailureKind =
  /** No answer: connection refused or broken off, name not resolved, timed out. */
  | 'unreachable'
  /** An answer, but not one the protocol allows: not HTTP, not JSON, or the wrong shape. */
  | 'bad_answer'
  /**
   * Any answer to a signed request — JSON, media, an error page — without a valid signature
   * of the enrolled hub for that request: another server, a proxy or a login page.
   */
  | 'untrusted'
  /** A 4xx with the protocol's error code (station_revoked, enrollment_invalid, …). */
  | 'refused'
  /** The hub failed (5xx); the request may be retried later. */
  | 'hub_error';

export type UnreachableReason = 'connection_refused' | 'connection_lost' | 'dns' | 'timeout' | 'tls' | 'network';

export type HubClientErrorInit = {
  kind: HubFailureKind;
  url: string;
  message: string;
  status?: number;
  code?: ErrorCode;
  reason?: UnreachableReason;
  retryAfterMs?: number;
  /** The refusal's `details` (e.g. `{ ackSeq }` of a sequence_gap). */
  details?: unknown;
  cause?: unknown;
};

// Refusals that a later retry can cure without a technician: the clock offset is measured
// again, a nonce is fresh on the next request, or the cursor restarts from the beginning.
// station_busy (429) is the hub's admission control: come back after Retry-After.
const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  'auth_stale_timestamp',
  'auth_replayed_nonce',
  'bad_cursor',
  'station_busy',
]);

export class HubClientError extends Error {
  readonly kind: HubFailureKind;
  readonly url: string;
  readonly status: number | null;
  readonly code: ErrorCode | null;
  readonly reason: UnreachableReason | null;
  /** How long the hub asked to be left alone (Retry-After), to use instead of the backoff. */
  readonly retryAfterMs: number | null;
  readonly details: unknown;

  constructor(init: HubClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HubClientError';
    this.kind = init.kind;
    this.url = init.url;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.reason = init.reason ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.details = init.details;
  }

  /** True when trying again later (backoff) may succeed without anyone changing anything. */
  get retryable(): boolean {
    if (this.kind === 'unreachable' || this.kind === 'hub_error') return true;
    return this.kind === 'refused' && this.code !== null && RETRYABLE_CODES.has(this.code);
  }
}

// Node's socket and DNS codes, and undici's own (it throws them as they are, or as the cause).
const NETWORK_REASONS: Record<string, UnreachableReason> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_lost',
  EPIPE: 'connection_lost',
  // The other side closed the connection (also a kept-alive one), or ended a body short of
  // its Content-Length.
  UND_ERR_SOCKET: 'connection_lost',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'connection_lost',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
};

// OpenSSL's verdicts on a certificate chain (tls.connect's error codes).
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL/;

const REASON_TEXT: Record<UnreachableReason, string> = {
  connection_refused: 'connection refused — is the hub running, and are the address and port right?',
  connection_lost: 'the connection broke off — the hub stopped or the network dropped',
  dns: 'the host name does not resolve — check the hub address and the DNS settings',
  timeout: 'no answer in time — check the network link and the hub',
  tls: "the hub's certificate is not trusted by this station — check the address, the station's clock and the certificate authority it is given",
  network: 'the network connection failed',
};

/** The error code of what a request threw: its own, or its cause's. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/** Turns what a request threw (or a body read that failed) into an `unreachable` error. */
export function unreachable(url: string, error: unknown, timeoutMs: number): HubClientError {
  const code = errorCode(error);
  const timedOut = error instanceof Error && error.name === 'TimeoutError';
  const reason: UnreachableReason = timedOut
    ? 'timeout'
    : (NETWORK_REASONS[code ?? ''] ?? (code && TLS_CODE.test(code) ? 'tls' : 'network'));
  const detail = (reason === 'network' || reason === 'tls') && code ? ` (${code})` : '';
  const after = timedOut ? ` after ${timeoutMs} ms` : '';
  return new HubClientError({
    kind: 'unreachable',
    url,
    reason,
    cause: error,
    message: `Cannot reach the hub at ${url}${after}: ${REASON_TEXT[reason]}${detail}`,
  });
}

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date; null if absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
