// Plays cached lessons: GET/HEAD /media/<sha256> as one pure function (Request) => Response,
// for Electron's protocol.handle and the browser shell alike. The video element seeks with
// single byte ranges; files are streamed from disk, never read whole. Only files in the
// store's index are served, so a half-downloaded or unverified file cannot be played.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { decideRange } from '../../../common/byte-range.ts';
import type { MediaStore } from './media-store.ts';

const PATH = /^\/media\/([0-9a-f]{64})$/;

export function createMediaHandler(store: MediaStore): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const match = PATH.exec(new URL(request.url).pathname);
    const stored = match ? store.get(match[1]!) : undefined;
    if (!match || !stored)
      return new Response('Not cached', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const sha256 = match[1]!;
    const file = store.paths.file(sha256);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch {
      // Indexed but gone (deleted by hand, or evicted a moment ago): not playable.
      return new Response('Not cached', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    // The content address is the strongest validator there is; it never changes.
    const etag = `"${sha256}"`;
    const size = stored.size;
    const headers = new Headers({
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      etag,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    const decision = decideRange(size, etag, request.headers.get('range'), request.headers.get('if-range'));
    if (decision.kind === 'unsatisfiable') {
      await handle.close();
      headers.set('content-range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    if (request.method === 'GET') store.touch(sha256);
    const range = decision.kind === 'partial' ? decision : null;
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    headers.set('content-length', String(end - start + 1));
    if (range) headers.set('content-range', `bytes ${start}-${end}/${size}`);
    const status = range ? 206 : 200;
    if (request.method === 'HEAD' || size === 0) {
      await handle.close();
      return new Response(null, { status, headers });
    }
    // The stream owns the handle and closes it at the end, on error, or when the player
    // cancels (it does so on every seek).
    const stream = handle.createReadStream({ start, end, highWaterMark: 256 * 1024 });
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
  };
}
