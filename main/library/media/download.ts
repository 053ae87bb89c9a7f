// One verified, resumable download into the store's folder.
//
// Bytes go to partial/<sha256>.part, and partial/<sha256>.json records the ETag they belong
// to. A resume first hashes the bytes already there, then asks for the rest with Range and
// If-Range: 206 appends, 200 means the hub's file is not the one the part came from, so the
// part is thrown away and the answer written from the start. The whole file is hashed while
// it streams; only when the hash equals the address is the part fsynced, renamed to
// media/<aa>/<sha256> and the directory fsynced. The caller commits the row after that, so
// a kill at any point leaves either a part to resume, an unindexed but complete file that
// the next start re-verifies and adopts, or the finished row — never a counted bad file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, writeFileDurably } from '../../../common/node/durable-file.ts';
import { MediaError } from './errors.ts';
import { bodyChunks } from './media-http.ts';
import type { MediaResponse } from './media-http.ts';
import { createPartWriter, MAX_QUEUED_BATCHES } from './part-writer.ts';
import type { MediaPaths } from './paths.ts';

export type { MediaResponse } from './media-http.ts';

/**
 * How the store asks the hub for bytes; the station signs the request with its hub client.
 * The answer is the little download.ts reads of it — status, headers, the body as an async
 * iterable of chunks — so hub-media-fetch.ts can hand over socket buffers without web
 * streams, and a fetch() Response (whose body is async-iterable in Node) fits as it is.
 */
export type FetchMedia = (
  sha256: string,
  options: { range?: string; ifRange?: string; signal: AbortSignal },
) => Promise<MediaResponse>;

export interface DownloadRequest {
  paths: MediaPaths;
  sha256: string;
  /** The size the catalogue announced; a hub answer of another length is refused. */
  size: number;
  fetchMedia: FetchMedia;
  signal: AbortSignal;
  /** Bandwidth cap: resolves when `bytes` may be written. */
  throttle?: (bytes: number, signal: AbortSignal) => Promise<void>;
  /** Bytes of the final file held so far (resumed bytes included). */
  onProgress?: (bytes: number) => void;
  /** A hub that sends nothing for this long is given up on (and retried later). */
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  /** Bytes that were already on disk and did not have to be fetched again. */
  resumedFrom: number;
  /** True when the hub answered 200 to an If-Range request: its file had changed. */
  restarted: boolean;
}

interface PartMeta {
  etag: string;
  size: number;
}

// Writes are gathered to this size (fewer, larger writes keep up with a loopback link), or
// for at most this long, so a slow link's bytes still reach the disk for a later resume.
// Chunks are copied into a ring of batch buffers reused for the whole download: a chunk is
// only read before the next one is asked for (hub-media-fetch.ts reuses its read buffers),
// and a gigabyte of fresh buffers would keep the garbage collector busy and RSS high.
const WRITE_BATCH_BYTES = 1024 * 1024;
const WRITE_BATCH_MS = 200;
const IDLE_TIMEOUT_MS = 60_000;

/** Aborts when the hub has been silent too long; poke() on every sign of life. */
function createWatchdog(outer: AbortSignal, sha256: string, idleMs: number) {
  const controller = new AbortController();
  const fire = () =>
    controller.abort(
      new MediaError('hub-unreachable', `The hub sent nothing for ${idleMs / 1000} s while fetching ${sha256}`),
    );
  let timer = setTimeout(fire, idleMs);
  return {
    signal: AbortSignal.any([outer, controller.signal]),
    poke() {
      clearTimeout(timer);
      timer = setTimeout(fire, idleMs);
    },
    stop: () => clearTimeout(timer),
  };
}

export async function downloadVerified(request: DownloadRequest): Promise<DownloadResult> {
  const { paths, sha256, size, signal } = request;
  const partFile = paths.part(sha256);
  const metaFile = paths.partMeta(sha256);
  let held = await usablePart(partFile, metaFile, size);
  let restarted = false;

  for (;;) {
    const hash = crypto.createHash('sha256');
    if (held) await hashInto(hash, partFile, held.bytes, signal);
    if (held && held.bytes === size) {
      // A complete part: the process died between the last write and the rename.
      if (hash.digest('hex') === sha256) {
        await publish(paths, sha256, partFile, metaFile);
        return { resumedFrom: size, restarted };
      }
      await discard(partFile, metaFile);
      held = null;
      continue;
    }

    const watchdog = createWatchdog(signal, sha256, request.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
    const attempt = { ...request, signal: watchdog.signal };
    try {
      const response = await ask(attempt, held);
      watchdog.poke();
      const outcome = await take(attempt, response, held, hash, watchdog.poke);
      if (outcome === 'again') {
        held = null;
        continue;
      }
      if (outcome === 'restarted') restarted = true;
      await publish(paths, sha256, partFile, metaFile);
      return { resumedFrom: outcome === 'resumed' && held ? held.bytes : 0, restarted };
    } finally {
      watchdog.stop();
    }
  }
}

/**
 * Handles one answer: 'again' (416 to a resume: start over), or the part is now complete and
 * verified — 'fresh' (from byte 0), 'resumed' (appended to the part) or 'restarted' (the
 * hub's file had changed since the part was written).
 */
async function take(
  request: DownloadRequest,
  response: MediaResponse,
  held: { bytes: number; etag: string } | null,
  hash: crypto.Hash,
  poke: () => void,
): Promise<'again' | 'fresh' | 'resumed' | 'restarted'> {
  const { paths, sha256, size } = request;
  const partFile = paths.part(sha256);
  const metaFile = paths.partMeta(sha256);
  const sentRange = held !== null;
  if (response.status === 416) {
    await cancelBody(response);
    await discard(partFile, metaFile);
    // Our part claimed bytes the hub does not have; one fresh attempt, then give up.
    if (sentRange) return 'again';
    throw new MediaError('range-not-satisfiable', `The hub answered 416 to a request without a range for ${sha256}`);
  }
  if (response.status >= 500) {
    await cancelBody(response);
    throw new MediaError('hub-unreachable', `The hub answered ${response.status} for media ${sha256}`);
  }
  if (response.status !== 200 && response.status !== 206) {
    const detail = await readDetail(response);
    throw new MediaError('hub-refused', `The hub answered ${response.status} for media ${sha256}: ${detail}`);
  }

  let start: number;
  if (response.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    if (!held || !range || Number(range[1]) !== held.bytes || Number(range[3]) !== size) {
      await cancelBody(response);
      await discard(partFile, metaFile);
      throw new MediaError(
        'checksum-mismatch',
        `The hub sent range ${response.headers.get('content-range')} for ${sha256}; expected bytes ${held?.bytes ?? 0}-${size - 1}/${size}`,
      );
    }
    start = held.bytes;
  } else {
    // A full answer: either we asked for everything, or If-Range told us our part is stale.
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) !== size) {
      await cancelBody(response);
      await discard(partFile, metaFile);
      throw new MediaError(
        'checksum-mismatch',
        `The hub offers ${length} bytes for ${sha256}; the catalogue says ${size}`,
      );
    }
    start = 0;
    // The ETag goes down before any byte, so a part on disk always has a known origin.
    // Without one the hub cannot confirm a resume; the part is then only good until a crash.
    await writeFileDurably(
      metaFile,
      JSON.stringify({ etag: response.headers.get('etag') ?? '', size } satisfies PartMeta),
    );
  }
  const fullHash = start === 0 ? crypto.createHash('sha256') : hash;
  try {
    await receive(request, response, partFile, start, fullHash, poke);
  } catch (error) {
    // Too many bytes: the part cannot be trusted either. Anything else (a cut, a full disk,
    // a stop) keeps it to resume.
    if (error instanceof MediaError && error.code === 'checksum-mismatch') await discard(partFile, metaFile);
    throw error;
  }
  if (fullHash.digest('hex') !== sha256) {
    await discard(partFile, metaFile);
    throw new MediaError(
      'checksum-mismatch',
      `The ${size} bytes received for ${sha256} hash to something else; the file was not kept`,
    );
  }
  return start > 0 ? 'resumed' : held ? 'restarted' : 'fresh';
}

/** The part worth resuming, or null (a part without its ETag or longer than the file is deleted). */
async function usablePart(
  partFile: string,
  metaFile: string,
  size: number,
): Promise<{ bytes: number; etag: string } | null> {
  const bytes = (await fs.promises.stat(partFile).catch(() => null))?.size ?? 0;
  let meta: PartMeta | null;
  try {
    meta = JSON.parse(await fs.promises.readFile(metaFile, 'utf8')) as PartMeta;
  } catch {
    meta = null;
  }
  if (bytes === 0 || !meta || meta.etag === '' || meta.size !== size || bytes > size) {
    await discard(partFile, metaFile);
    return null;
  }
  return { bytes, etag: meta.etag };
}

async function ask(request: DownloadRequest, held: { bytes: number; etag: string } | null): Promise<MediaResponse> {
  try {
    return await request.fetchMedia(
      request.sha256,
      held ? { range: `bytes=${held.bytes}-`, ifRange: held.etag, signal: request.signal } : { signal: request.signal },
    );
  } catch (error) {
    throw streamFailure(request, error);
  }
}

function streamFailure(request: DownloadRequest, error: unknown): MediaError {
  if (request.signal.aborted) {
    const reason: unknown = request.signal.reason;
    return reason instanceof MediaError
      ? reason
      : new MediaError('cancelled', `Download of ${request.sha256} was stopped`, { cause: reason });
  }
  if (error instanceof MediaError) return error;
  const reason =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new MediaError('hub-unreachable', `Lost the hub while fetching ${request.sha256}: ${reason}`, {
    cause: error,
  });
}

/** Stops a body we will not read. Never waits on a silent server. */
async function cancelBody(response: MediaResponse): Promise<void> {
  if (!response.body) return;
  const iterator = bodyChunks(response.body);
  await Promise.race([
    iterator.return?.().catch(() => {}),
    new Promise<void>((resolve) => setTimeout(resolve, 1000).unref()),
  ]);
}

/** The start of an error answer's body, for the message; at most 300 characters, 2 s. */
async function readDetail(response: MediaResponse): Promise<string> {
  if (!response.body) return '';
  const iterator = bodyChunks(response.body);
  const chunks: Buffer[] = [];
  let bytes = 0;
  const read = (async () => {
    for (let next = await iterator.next(); !next.done && bytes < 1200; next = await iterator.next()) {
      chunks.push(Buffer.from(next.value));
      bytes += next.value.length;
    }
  })().catch(() => {});
  await Promise.race([read, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
  void iterator.return?.().catch(() => {});
  return Buffer.concat(chunks).toString('utf8').slice(0, 300);
}

async function hashInto(hash: crypto.Hash, file: string, bytes: number, signal: AbortSignal): Promise<void> {
  const stream = fs.createReadStream(file, { start: 0, end: bytes - 1, highWaterMark: 1024 * 1024, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
}

/** Streams the body into the part at `start`, hashing as it goes. */
async function receive(
  request: DownloadRequest,
  response: MediaResponse,
  partFile: string,
  start: number,
  hash: crypto.Hash,
  poke: () => void,
): Promise<void> {
  if (!response.body) throw new MediaError('hub-unreachable', `The hub sent no body for ${request.sha256}`);
  const handle = await fs.promises.open(partFile, start === 0 ? 'w' : 'r+');
  const writer = createPartWriter(handle, start);
  let received = start;
  const ring: Buffer[] = [];
  let ringAt = 0;
  let batch: Buffer | null = null;
  let batchBytes = 0;
  let batchStartedAt = 0;
  const flush = async () => {
    if (!batch || batchBytes === 0) return;
    const full = batch.subarray(0, batchBytes);
    const bytes = batchBytes;
    batch = null;
    batchBytes = 0;
    await writer.append([full], bytes);
  };
  const keep = async (chunk: Uint8Array) => {
    for (let at = 0; at < chunk.length;) {
      if (!batch) {
        batch = ring[ringAt] ??= Buffer.allocUnsafeSlow(WRITE_BATCH_BYTES);
        ringAt = (ringAt + 1) % (MAX_QUEUED_BATCHES + 1);
        batchStartedAt = performance.now();
      }
      const take = Math.min(chunk.length - at, batch.length - batchBytes);
      batch.set(take === chunk.length ? chunk : chunk.subarray(at, at + take), batchBytes);
      batchBytes += take;
      at += take;
      if (batchBytes === batch.length) await flush();
    }
    if (batchBytes > 0 && performance.now() - batchStartedAt >= WRITE_BATCH_MS) await flush();
  };
  const iterator = bodyChunks(response.body);
  // Our hub fetch and fetch() end their body when the signal fires; an injected FetchMedia
  // might not, so a pending read is also given up on here (one listener, not a race per chunk).
  let interrupt: ((reason: unknown) => void) | null = null;
  const stopReading = () => interrupt?.(request.signal.reason);
  request.signal.addEventListener('abort', stopReading, { once: true });
  const stop = () => void Promise.resolve(iterator.return?.()).catch(() => {});
  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array>;
      try {
        if (request.signal.aborted) throw request.signal.reason;
        chunk = await new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
          interrupt = reject;
          iterator.next().then(resolve, reject);
        });
      } catch (error) {
        throw streamFailure(request, error);
      } finally {
        interrupt = null;
      }
      if (chunk.done) break;
      poke();
      const bytes = chunk.value;
      if (received + bytes.length > request.size) {
        throw new MediaError(
          'checksum-mismatch',
          `The hub sent more than the ${request.size} bytes announced for ${request.sha256}`,
        );
      }
      if (request.throttle) {
        try {
          await request.throttle(bytes.length, request.signal);
        } catch (error) {
          throw streamFailure(request, error);
        }
      }
      hash.update(bytes);
      received += bytes.length;
      await keep(bytes);
      request.onProgress?.(received);
    }
    if (request.signal.aborted) throw streamFailure(request, request.signal.reason);
    await flush();
    await writer.drain();
    if (received !== request.size) {
      throw new MediaError(
        'hub-unreachable',
        `The connection ended after ${received} of ${request.size} bytes of ${request.sha256}`,
      );
    }
  } catch (error) {
    stop();
    // Keep what reached the disk: the next attempt resumes from there.
    await flush().catch(() => {});
    await writer.drain().catch(() => {});
    throw diskFailure(error, request.sha256);
  } finally {
    request.signal.removeEventListener('abort', stopReading);
    await handle.close();
  }
}

function diskFailure(error: unknown, sha256: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new MediaError('disk-full', `The disk filled up while writing ${sha256}`, { cause: error });
  return error;
}

async function publish(paths: MediaPaths, sha256: string, partFile: string, metaFile: string): Promise<void> {
  const target = paths.file(sha256);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  // Data before name: were the rename durable and the bytes not, a power cut could leave a
  // counted file of zeros. (A part completed before a crash is synced here too.)
  const handle = await fs.promises.open(partFile, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(partFile, target);
  await fsyncDir(path.dirname(target));
  await fs.promises.rm(metaFile, { force: true });
}

async function discard(partFile: string, metaFile: string): Promise<void> {
  await fs.promises.rm(partFile, { force: true });
  await fs.promises.rm(metaFile, { force: true });
}
