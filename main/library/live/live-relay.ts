// Live channels for the player, relayed through the station's own origin: GET
// /media/live/<channelId> opens the channel's source (its URL as the hub published it, made
// absolute against the hub's address when relative) and streams its bytes through, as one
// pure (Request) => Response both shells mount beside the cached media. Why relay rather than
// let the renderer fetch the source: the renderer's Content-Security-Policy allows
// connections to the station only, a provincial source need not send CORS headers to a
// kiosk origin, and the station is the one that knows the hub's address.
//
// The relay hides no fault: a source that refuses is a 502 at once, one that sends no head
// within HEAD_TIMEOUT_MS a 504, a source that ends ends the answer, one that breaks breaks it
// (the socket is reset), and one that stalls stalls it (until IDLE_TIMEOUT_MS, long after
// the player's own watchdog gave up on it). The player's reconnect machine sees each as it
// happened and logs the outage.
//
// waitForSource() is the light check a reconnecting player makes between its attempts: it
// tries the source every PROBE_EVERY_MS until bytes arrive, so a player waiting out a long
// backoff learns within a fraction of a second that the source is back.
import type Database from 'better-sqlite3';
import type { LiveChannelView } from '../../../preload/contract/channels/player.ts';
import { LIVE_URL_PREFIX } from '../../../preload/contract/wire-names.ts';
import type { Logger } from '../../runtime/logger.ts';
import { prepared } from '../../storage/sql.ts';

const HEAD_TIMEOUT_MS = 5_000;
/**
 * A source silent this long is dropped and the answer broken off. The player gives up on a
 * frozen picture sooner (its watchdog); this frees the socket of a source that stalled with
 * the connection open, which the browser does not always close when the player lets go.
 */
const IDLE_TIMEOUT_MS = 10_000;
const PROBE_EVERY_MS = 500;
/** Relayed answers open at once; a reconnect loop gone wrong must not exhaust sockets. */
const MAX_OPEN = 8;

const CONTENT_TYPES = { flv: 'video/x-flv', ts: 'video/mp2t' } as const;

type ChannelRow = { id: string; name: string; url: string; format: string; has_audio: number; has_video: number };

export type LiveRelayOptions = {
  catalog: Database.Database;
  /** The hub's base URL, for channels published with a relative URL; null while none is connected. */
  hubUrl: () => string | null;
  log: Logger;
};

export interface LiveRelay {
  channels(): LiveChannelView[];
  channel(channelId: string): LiveChannelView | null;
  /** GET /media/live/<channelId>. */
  handle(request: Request): Promise<Response>;
  /** Resolves true once the channel's source sends bytes, false after timeoutMs without. */
  waitForSource(channelId: string, timeoutMs: number): Promise<boolean>;
  /** Ends every relayed answer and probe. */
  close(): void;
}

function toView(row: ChannelRow): LiveChannelView | null {
  if (row.format !== 'flv' && row.format !== 'ts') return null;
  return {
    id: row.id,
    name: row.name,
    url: LIVE_URL_PREFIX + encodeURIComponent(row.id),
    format: row.format,
    hasAudio: row.has_audio === 1,
    hasVideo: row.has_video === 1,
  };
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

export function createLiveRelay(options: LiveRelayOptions): LiveRelay {
  const { catalog, log } = options;
  const open = new Set<AbortController>();

  const row = (channelId: string) =>
    prepared(catalog, 'SELECT id, name, url, format, has_audio, has_video FROM live_channels WHERE id = ?').get(
      channelId,
    ) as ChannelRow | undefined;

  /** The source's absolute http(s) URL, or why there is none. */
  const sourceOf = (channelId: string): { url: URL; format: 'flv' | 'ts' } | { status: number; reason: string } => {
    const found = row(channelId);
    const view = found ? toView(found) : null;
    if (!found || !view) return { status: 404, reason: `No live channel ${channelId}` };
    let url: URL;
    try {
      url = new URL(found.url, options.hubUrl() ?? undefined);
    } catch {
      return { status: 503, reason: `The channel's address ${found.url} is relative and no hub is connected` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { status: 502, reason: `The channel's address is not http(s): ${url.protocol}` };
    return { url, format: view.format };
  };

  /** Fetches the source with the head bounded in time; the controller stays in `open` until released. */
  const connect = async (url: URL, controller: AbortController): Promise<globalThis.Response> => {
    const timer = setTimeout(() => controller.abort(new Error('head timeout')), HEAD_TIMEOUT_MS);
    try {
      return await fetch(url, { signal: controller.signal, redirect: 'follow', headers: { accept: '*/*' } });
    } finally {
      clearTimeout(timer);
    }
  };

  const release = (controller: AbortController) => {
    open.delete(controller);
    controller.abort();
  };

  return {
    channels: () =>
      (
        prepared(
          catalog,
          'SELECT id, name, url, format, has_audio, has_video FROM live_channels ORDER BY name',
        ).all() as ChannelRow[]
      )
        .map(toView)
        .filter((view): view is LiveChannelView => view !== null),
    channel(channelId) {
      const found = row(channelId);
      return found ? toView(found) : null;
    },

    async handle(request) {
      if (request.method !== 'GET')
        return new Response('Method not allowed', { status: 405, headers: { allow: 'GET' } });
      const { pathname } = new URL(request.url);
      let channelId: string;
      try {
        channelId = decodeURIComponent(pathname.slice(LIVE_URL_PREFIX.length));
      } catch {
        return text(400, 'Bad channel id');
      }
      const source = sourceOf(channelId);
      if ('status' in source) return text(source.status, source.reason);
      if (open.size >= MAX_OPEN) return text(503, 'Too many live connections open at this station');
      const controller = new AbortController();
      open.add(controller);
      let upstream: globalThis.Response;
      try {
        upstream = await connect(source.url, controller);
      } catch (error) {
        release(controller);
        const timedOut =
          controller.signal.reason instanceof Error && controller.signal.reason.message === 'head timeout';
        log.warn('live.source_unreachable', {
          channelId,
          error: error instanceof Error ? error.message : String(error),
        });
        return text(timedOut ? 504 : 502, `The live source of ${channelId} does not answer`);
      }
      if (!upstream.ok || !upstream.body) {
        release(controller);
        log.warn('live.source_refused', { channelId, status: upstream.status });
        return text(502, `The live source of ${channelId} answered ${upstream.status}`);
      }
      // Piped by hand rather than handing over upstream.body: the relay must learn when the
      // player goes away (cancel) to drop the source, and a source that breaks must break the
      // answer (error), not end it as if the lecture were over.
      const reader = upstream.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(stream) {
          const idle = setTimeout(() => controller.abort(new Error('source silent')), IDLE_TIMEOUT_MS);
          try {
            const { done, value } = await reader.read();
            if (done) {
              open.delete(controller);
              stream.close();
            } else stream.enqueue(value);
          } catch (error) {
            release(controller);
            stream.error(error);
          } finally {
            clearTimeout(idle);
          }
        },
        cancel() {
          release(controller);
        },
      });
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': CONTENT_TYPES[source.format],
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    },

    async waitForSource(channelId, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        const source = sourceOf(channelId);
        if ('status' in source) return false;
        const controller = new AbortController();
        open.add(controller);
        const giveUp = setTimeout(() => controller.abort(), Math.max(0, deadline - performance.now()));
        try {
          const answer = await fetch(source.url, { signal: controller.signal });
          if (answer.ok && answer.body) {
            const { done } = await answer.body.getReader().read();
            if (!done) return true;
          }
        } catch {
          // Down, refused or silent until the deadline: try again shortly.
        } finally {
          clearTimeout(giveUp);
          release(controller);
        }
        const wait = Math.min(PROBE_EVERY_MS, deadline - performance.now());
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return false;
    },

    close() {
      for (const controller of open) controller.abort();
      open.clear();
    },
  };
}
