// One verified, resumable download into the store's folder.
//
// The bytes come through the station's hub client (protocol/hub-client, on undici), which
// has checked that the hub signed the answer's status, ETag, range and length for this
// request; the bytes themselves count only once their hash equals the address asked for.
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
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fsyncFile, renameDurably, writeFileDurably } from '../../../common/node/durable-file.ts';
import { HubClientError } from '../../../protocol/hub-client/errors.ts';
import type { MediaAnswer } from '../../../protocol/hub-client/hub-client.ts';
import { MediaError } from './errors.ts';
import type { MediaPaths } from './paths.ts';

/**
 * How the store asks the hub for bytes: the station's hub client (`client.media`), which
 * signs the request, checks the hub's signature on the answer and hands over the body as a
 * stream. A failed request or body is a HubClientError, a stop the signal's reason.
 */
export type FetchMedia = (
  sha256: string,
  options: { range?: string; ifRange?: string; signal: AbortSignal },
) => Promise<MediaAnswer>;

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

const IDLE_TIMEOUT_MS = 60_000;
// What the part's write stream may hold before the body waits for the disk. While one write
// is under way the chunks that arrive queue up and go down in one writev, so a disk slower
// than the link gets fewer, larger writes by itself. (The earlier hand-written writer also
// started a datasync every 64 MiB so that the fsync before the rename had less left to do;
// through a 100 Mbit/s line a 256 MiB lesson reaches 0.98–0.99 of line rate without it —
// bench `library`, download_link_efficiency — so it is not done.)
const WRITE_HIGH_WATER = 4 * 1024 * 1024;

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
      const answer = await ask(attempt, held);
      watchdog.poke();
      const outcome = await take(attempt, answer, held, hash, watchdog.poke);
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
  answer: MediaAnswer | 'unsatisfiable',
  held: { bytes: number; etag: string } | null,
  hash: crypto.Hash,
  poke: () => void,
): Promise<'again' | 'fresh' | 'resumed' | 'restarted'> {
  const { paths, sha256, size } = request;
  const partFile = paths.part(sha256);
  const metaFile = paths.partMeta(sha256);
  if (answer === 'unsatisfiable') {
    await discard(partFile, metaFile);
    // Our part claimed bytes the hub does not have; one fresh attempt, then give up.
    if (held !== null) return 'again';
    throw new MediaError('range-not-satisfiable', `The hub answered 416 to a request without a range for ${sha256}`);
  }
  if (answer.status === 304) {
    answer.cancel();
    throw new MediaError('hub-refused', `The hub answered 304 for ${sha256}, which was not asked for`);
  }

  let start: number;
  if (answer.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(answer.contentRange ?? '');
    if (!held || !range || Number(range[1]) !== held.bytes || Number(range[3]) !== size) {
      answer.cancel();
      await discard(partFile, metaFile);
      throw new MediaError(
        'checksum-mismatch',
        `The hub sent range ${answer.contentRange} for ${sha256}; expected bytes ${held?.bytes ?? 0}-${size - 1}/${size}`,
      );
    }
    start = held.bytes;
  } else {
    // A full answer: either we asked for everything, or If-Range told us our part is stale.
    if (answer.contentLength !== null && answer.contentLength !== size) {
      answer.cancel();
      await discard(partFile, metaFile);
      throw new MediaError(
        'checksum-mismatch',
        `The hub offers ${answer.contentLength} bytes for ${sha256}; the catalogue says ${size}`,
      );
    }
    start = 0;
    // The ETag goes down before any byte, so a part on disk always has a known origin.
    // Without one the hub cannot confirm a resume; the part is then only good until a crash.
    await writeFileDurably(metaFile, JSON.stringify({ etag: answer.etag ?? '', size } satisfies PartMeta));
  }
  const fullHash = start === 0 ? crypto.createHash('sha256') : hash;
  try {
    await receive(request, answer, partFile, start, fullHash, poke);
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

async function ask(
  request: DownloadRequest,
  held: { bytes: number; etag: string } | null,
): Promise<MediaAnswer | 'unsatisfiable'> {
  try {
    return await request.fetchMedia(
      request.sha256,
      held ? { range: `bytes=${held.bytes}-`, ifRange: held.etag, signal: request.signal } : { signal: request.signal },
    );
  } catch (error) {
    if (error instanceof HubClientError && error.code === 'range_not_satisfiable') return 'unsatisfiable';
    throw failure(request, error);
  }
}

/**
 * What went wrong, as the MediaError the queue acts on. The hub client has already sorted
 * network and hub failures (HubClientError); a refusal is final until someone asks again,
 * anything else — no answer, a hub failure, an answer our hub did not sign (a proxy or a login
 * page in the way, which the sync status shows as well) — is retried later by itself.
 */
function failure(request: DownloadRequest, error: unknown): unknown {
  if (request.signal.aborted) {
    const reason: unknown = request.signal.reason;
    return reason instanceof MediaError
      ? reason
      : new MediaError('cancelled', `Download of ${request.sha256} was stopped`, { cause: reason });
  }
  if (error instanceof MediaError) return error;
  if (error instanceof HubClientError) {
    return error.kind === 'refused'
      ? new MediaError('hub-refused', `The hub refused media ${request.sha256}: ${error.message}`, { cause: error })
      : new MediaError('hub-unreachable', `Could not fetch ${request.sha256}: ${error.message}`, { cause: error });
  }
  // The media folder's own failures (they name a system call) are the disk's, not the hub's.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new MediaError('disk-full', `The disk filled up while writing ${request.sha256}`, { cause: error });
  if (typeof (error as NodeJS.ErrnoException | undefined)?.syscall === 'string') return error;
  const reason =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new MediaError('hub-unreachable', `Lost the hub while fetching ${request.sha256}: ${reason}`, {
    cause: error,
  });
}

async function hashInto(hash: crypto.Hash, file: string, bytes: number, signal: AbortSignal): Promise<void> {
  const stream = fs.createReadStream(file, { start: 0, end: bytes - 1, highWaterMark: 1024 * 1024, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
}

/**
 * Streams the body into the part at `start`, hashing as it goes. Writes go down in order, so
 * a process killed at any moment leaves a part that is a prefix of the file.
 */
async function receive(
  request: DownloadRequest,
  answer: MediaAnswer,
  partFile: string,
  start: number,
  hash: crypto.Hash,
  poke: () => void,
): Promise<void> {
  const { sha256, size, signal, throttle, onProgress } = request;
  const out = fs.createWriteStream(partFile, {
    flags: start === 0 ? 'w' : 'r+',
    start,
    highWaterMark: WRITE_HIGH_WATER,
  });
  let received = start;
  try {
    await pipeline(
      answer.body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          poke();
          if (received + chunk.length > size)
            throw new MediaError(
              'checksum-mismatch',
              `The hub sent more than the ${size} bytes announced for ${sha256}`,
            );
          if (throttle) await throttle(chunk.length, signal);
          hash.update(chunk);
          received += chunk.length;
          yield chunk;
          onProgress?.(received);
        }
      },
      out,
      { signal },
    );
  } catch (error) {
    throw failure(request, error);
  } finally {
    // A write already under way when the pipeline stopped still lands; the next attempt must
    // see the part as it will stay, and publish() must not reopen it before it is closed.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
  }
  if (received !== size)
    throw new MediaError('hub-unreachable', `The connection ended after ${received} of ${size} bytes of ${sha256}`);
}

async function publish(paths: MediaPaths, sha256: string, partFile: string, metaFile: string): Promise<void> {
  const target = paths.file(sha256);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  // Data before name: were the rename durable and the bytes not, a power cut could leave a
  // counted file of zeros. (A part completed before a crash is synced here too.) The caller
  // writes the database row only after this returns.
  await fsyncFile(partFile);
  await renameDurably(partFile, target);
  await fs.promises.rm(metaFile, { force: true });
}

async function discard(partFile: string, metaFile: string): Promise<void> {
  await fs.promises.rm(partFile, { force: true });
  await fs.promises.rm(metaFile, { force: true });
}
