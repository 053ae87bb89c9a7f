// The browser shell's transport: the station core and the renderer on 127.0.0.1, guarded by a
// random per-launch token. Calls are POSTs, events flow over one WebSocket. Requests without
// the token get 401, a WebSocket without it is refused, and a Host header that is not ours
// (DNS rebinding) is refused before anything else. Nothing a client sends — a malformed
// request target, bad percent-encoding, a malformed WebSocket frame, a reset connection —
// may stop the station: it costs that request a 400, or that socket its connection.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  HTTP_EVENTS_PATH,
  HTTP_INVOKE_PREFIX,
  HTTP_SESSION_PATH,
  MEDIA_URL_PREFIX,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
} from '../../preload/contract/wire-names.ts';
import type { ContractErrorData, Envelope } from '../../preload/contract/errors.ts';
import type { StationCore } from '../app/start-station.ts';
import type { Logger } from '../runtime/logger.ts';
import { contentSecurityPolicy } from '../station/kiosk/content-security-policy.ts';
import { createAppRequestHandler, type RequestHandler } from '../app/app-request-handler.ts';
import { createRendererAssetHandler } from '../app/serve-renderer.ts';
import { sendWebResponse, toWebRequest } from './node-http-bridge.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
// A <video> element cannot send an Authorization header, so media requests carry the token
// in an HttpOnly, SameSite=Strict cookie that POST HTTP_SESSION_PATH (with the token) sets.
const MEDIA_COOKIE = 'lectern_media';

export interface WebShellOptions {
  core: Pick<StationCore, 'router' | 'bus'>;
  rendererDir: string;
  /** Serves /media/<sha256> from the station's media store; absent, /media/ answers 404. */
  mediaHandler?: RequestHandler;
  port?: number;
  token?: string;
  log: Logger;
}

export interface WebShell {
  /** The address a browser opens; the token rides in the fragment, never sent to a server. */
  launchUrl: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS_FOR: Record<ContractErrorData['code'], number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  UNKNOWN_CHANNEL: 404,
  LEDGER_UNAVAILABLE: 409,
  LEDGER_WRITE_FAILED: 503,
  LEDGER_DISK_FULL: 507,
  INTERNAL: 500,
};

function tokensEqual(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function sendEnvelope(res: http.ServerResponse, envelope: Envelope): void {
  const body = JSON.stringify(envelope);
  res.writeHead(envelope.ok ? 200 : STATUS_FOR[envelope.error.code], {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function sendError(
  res: http.ServerResponse,
  code: ContractErrorData['code'],
  message: string,
  status = STATUS_FOR[code],
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ ok: false, error: { code, message } }));
}

/**
 * The path of an origin-form request target ('/a/b?c'), dot segments resolved; null for
 * anything else ('//host/…', '/\\host', an absolute URL, a target no URL parser accepts),
 * which a browser on our origin never sends. Percent-escapes are left as they are.
 */
function targetPath(target: string | undefined): string | null {
  if (target === undefined || !/^\/(?![/\\])/.test(target)) return null;
  try {
    return new URL(target, 'http://station.invalid').pathname;
  } catch {
    return null;
  }
}

/** decodeURIComponent, or null for bad percent-encoding ('%E0%A4%A', '%zz'). */
function decodePath(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const { router, bus } = options.core;
  let origin = '';
  let allowedHosts = new Set<string>();
  let serveAsset: (request: Request) => Promise<Response> = async () => new Response('Starting', { status: 503 });

  const hostIsOurs = (host: string | undefined) => host !== undefined && allowedHosts.has(host.toLowerCase());
  // Browsers always send Origin on a WebSocket; a page from anywhere else must not listen in.
  const originIsOurs = (value: string | undefined) => {
    if (value === undefined) return true; // not a browser: the token alone decides
    try {
      return allowedHosts.has(new URL(value).host);
    } catch {
      return false;
    }
  };

  const cookieToken = (header: string | undefined) =>
    header
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${MEDIA_COOKIE}=`))
      ?.slice(MEDIA_COOKIE.length + 1) ?? '';

  const bearerIsValid = (req: http.IncomingMessage) => {
    const auth = req.headers.authorization ?? '';
    return auth.startsWith('Bearer ') && tokensEqual(auth.slice(7), token);
  };

  function handleSession(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    if (req.method !== 'POST') return sendError(res, 'VALIDATION', 'Sessions are opened with POST', 405);
    if (!bearerIsValid(req)) return sendError(res, 'UNAUTHORIZED', 'Missing or wrong station token');
    res.writeHead(204, {
      'set-cookie': `${MEDIA_COOKIE}=${token}; Path=${MEDIA_URL_PREFIX}; HttpOnly; SameSite=Strict`,
      'cache-control': 'no-store',
    });
    res.end();
  }

  async function handleInvoke(req: http.IncomingMessage, res: http.ServerResponse, encoded: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 'VALIDATION', 'Contract calls are POST requests', 405);
    if (!bearerIsValid(req)) {
      req.resume();
      return sendError(res, 'UNAUTHORIZED', 'Missing or wrong station token');
    }
    // Decoded only once the token is right: a stranger learns nothing from how a path fails.
    const channel = decodePath(encoded);
    if (channel === null) {
      req.resume();
      return sendError(res, 'VALIDATION', 'The channel name is not valid percent-encoding');
    }
    const body = await readBody(req);
    if (body === 'too-large') return sendError(res, 'VALIDATION', `Request body over ${MAX_BODY_BYTES} bytes`, 413);
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, 'VALIDATION', 'Request body is not valid JSON');
      }
    }
    sendEnvelope(res, await router.dispatch(channel, input));
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostIsOurs(req.headers.host)) return sendError(res, 'UNAUTHORIZED', 'Unexpected Host header', 421);
      const pathname = targetPath(req.url);
      if (pathname === null) {
        req.resume();
        return sendError(res, 'VALIDATION', 'The request target is not a path on this station');
      }
      if (pathname.startsWith(HTTP_INVOKE_PREFIX)) {
        return handleInvoke(req, res, pathname.slice(HTTP_INVOKE_PREFIX.length));
      }
      if (pathname === HTTP_SESSION_PATH) return handleSession(req, res);
      if (pathname.startsWith('/api/'))
        return sendError(res, 'UNKNOWN_CHANNEL', `No such endpoint: ${pathname.slice(0, 100)}`);
      if (pathname.startsWith(MEDIA_URL_PREFIX) && !tokensEqual(cookieToken(req.headers.cookie), token)) {
        req.resume();
        return sendError(res, 'UNAUTHORIZED', 'Media needs a station session');
      }
      if (decodePath(pathname) === null) {
        req.resume();
        return sendError(res, 'VALIDATION', 'The path is not valid percent-encoding');
      }
      await sendWebResponse(res, await serveAsset(toWebRequest(req, origin)));
    })().catch((error: unknown) => {
      options.log.error('web.request_failed', { url: req.url, error: String(error) });
      if (!res.headersSent) sendError(res, 'INTERNAL', 'The station could not answer this request');
      else res.destroy();
    });
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    // Node leaves an upgraded socket without an 'error' listener: a client that resets the
    // connection while we answer it would otherwise stop the process. ws adds its own once
    // the upgrade is complete.
    socket.on('error', () => socket.destroy());
    const pathname = targetPath(req.url);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((item) => item.trim());
    const given =
      offered.find((item) => item.startsWith(WS_TOKEN_PROTOCOL_PREFIX))?.slice(WS_TOKEN_PROTOCOL_PREFIX.length) ?? '';
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostIsOurs(req.headers.host) || !originIsOurs(req.headers.origin)) {
      return refuse('403 Forbidden');
    }
    if (pathname === null) return refuse('400 Bad Request');
    if (pathname !== HTTP_EVENTS_PATH) return refuse('404 Not Found');
    if (!tokensEqual(given, token)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A frame ws cannot accept (unmasked, a reserved opcode or bit, bad UTF-8, over
      // maxPayload, an oversized control frame) is an error on this socket alone: it is
      // dropped at once — the page holding the token misbehaved — and every other socket
      // and the station carry on. Without this listener the error would stop the process.
      ws.on('error', (error: Error & { code?: string }) => {
        options.log.warn('web.socket_error', { code: error.code ?? null, error: error.message });
        sockets.delete(ws);
        ws.terminate();
      });
      // The renderer never sends anything on this socket; anything it does send is ignored.
      ws.on('message', () => undefined);
    });
  });

  const unsubscribe = bus.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  serveAsset = createAppRequestHandler({
    renderer: createRendererAssetHandler({
      rootDir: options.rendererDir,
      csp: contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
    }),
    media: options.mediaHandler ?? null,
  });

  return {
    launchUrl: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
