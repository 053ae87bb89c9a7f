// FetchMedia for the real hub: GET /v1/media/<sha256>, signed like every station request
// (protocol/request-auth.ts), with Range and If-Range passed through. The station builds it
// from its enrollment (station id, private key, measured hub-clock offset). Over plain HTTP
// (a county hub on the LAN, the embedded demo) the request goes out on media-http.ts, not
// fetch(): the body arrives as socket buffers, cheap enough that a verified download keeps
// pace with curl. Over HTTPS it goes through fetch(): certificate checking, redirects and TLS
// edge cases matter more there than CPU per byte, and media-http.ts has no TLS test.
import { signRequest } from '../../protocol/request-auth.ts';
import type { FetchMedia } from '../library/media/download.ts';
import { mediaGet } from '../library/media/media-http.ts';

export interface HubMediaCredentials {
  /** The hub's base URL, e.g. http://hub.example:8080/ */
  baseUrl: string;
  stationId: string;
  privateKey: string;
  /** hub time − station clock, read at each request so a re-measured offset takes effect. */
  clockOffsetMs: () => number;
}

export function hubMediaFetch(credentials: HubMediaCredentials): FetchMedia {
  return (sha256, options) => {
    const url = new URL(
      `v1/media/${sha256}`,
      credentials.baseUrl.endsWith('/') ? credentials.baseUrl : `${credentials.baseUrl}/`,
    );
    const headers: Record<string, string> = signRequest({
      method: 'GET',
      path: url.pathname,
      privateKey: credentials.privateKey,
      stationId: credentials.stationId,
      now: Date.now() + credentials.clockOffsetMs(),
    });
    if (options.range) headers.range = options.range;
    if (options.ifRange) headers['if-range'] = options.ifRange;
    return url.protocol === 'http:'
      ? mediaGet(url, { headers, signal: options.signal })
      : fetch(url, { headers, signal: options.signal });
  };
}
