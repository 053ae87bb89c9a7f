// A GET for large media bodies on a bare socket: HTTP/1.1, one connection per request
// (Connection: close; a handshake is nothing next to a media file), no redirects, no content
// coding (Accept-Encoding is not sent, so the bytes are the file's).
//
// Why not fetch() or http.request: on loopback both cost the station more CPU per byte than
// curl spends in all (fetch's web streams; http's parser and a fresh 64 KiB buffer per read
// pushed through a Readable), and with the sha256 and the disk writes on top the download
// fell to ~0.75 of curl. Here plain-HTTP reads land in a fixed pool of READ_BUFFERS buffers
// (net.connect's onread): no copy, no allocation per read, nothing for the garbage collector,
// no stream machinery. A chunk the body yields is therefore only good until the next call
// to next(): its buffer then goes back to the pool. When the pool runs dry (the consumer is
// slower than the link) the socket stops reading until buffers come back. HTTPS takes the
// ordinary 'data' path of tls.connect, with a byte limit on what may queue up.
//
// Framing: Content-Length, chunked (error pages of some servers), or until close. A body
// cut short of its framing ends the iteration with an error, never with a quiet `done`.
import net from 'node:net';
import tls from 'node:tls';

/**
 * What download.ts needs of an answer. A web Response has this shape too: its body is a
 * ReadableStream, which Node iterates asynchronously (the DOM typings do not say so).
 */
export interface MediaResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null;
}

/** The chunks of a body, whichever kind it is. */
export function bodyChunks(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  return (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
}

export interface MediaGetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const READ_BUFFERS = 16;
const READ_BUFFER_BYTES = 256 * 1024;
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF_CRLF = Buffer.from('\r\n\r\n');

export class MediaHttpError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaHttpError';
  }
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'none' };

/** GET `url`; resolves once the status line and headers are in. */
export function mediaGet(url: URL, options: MediaGetOptions = {}): Promise<MediaResponse> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.reject(new MediaHttpError(`Cannot fetch ${url.protocol} URLs`));
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  let requestHead: string;
  try {
    requestHead = head(url, options.headers ?? {});
  } catch (error) {
    return Promise.reject(error);
  }

  return new Promise<MediaResponse>((resolveResponse, rejectResponse) => {
    // Each queued chunk with the pool buffer it lies in (null: a buffer of its own).
    const queue: Array<{ chunk: Buffer; owner: Buffer | null }> = [];
    let queued = 0;
    let lent: Buffer | null = null;
    let paused = false;
    let responded = false;
    let finished = false;
    let failure: { error: unknown } | null = null;
    let waiter: (() => void) | null = null;
    let headBuffer: Buffer | null = null;
    let framing: Framing = { kind: 'none' };
    // Chunked decoding state: bytes of the current chunk still due, or a line being gathered.
    let chunkDue = 0;
    let chunkLine: Buffer | null = Buffer.alloc(0);
    let chunkAfterData = false;
    let inTrailers = false;

    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const pool: Buffer[] = [];
    let pooled = 0;
    const grant = () => {
      const buffer = pool.pop();
      if (buffer) return buffer;
      // At most READ_BUFFERS are made: the socket pauses before the pool would run dry.
      pooled++;
      return Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
    };
    const release = (buffer: Buffer | null) => {
      if (!buffer) return;
      pool.push(buffer);
      if (paused && pool.length >= READ_BUFFERS / 2 && !finished && !failure) {
        paused = false;
        socket.resume();
      }
    };
    /** Called by onread for every read into a pool buffer. */
    const onRead = (view: Buffer, owner: Buffer): void => {
      if (responded && !finished && !failure && (framing.kind === 'length' || framing.kind === 'close')) {
        const take = framing.kind === 'length' ? Math.min(view.length, framing.remaining) : view.length;
        if (framing.kind === 'length') framing.remaining -= take;
        if (take > 0) push(view.subarray(0, take), owner);
        else release(owner);
        // The next read needs a free buffer: stop reading while the pool is down to its last.
        if (!paused && pool.length <= 1 && pooled >= READ_BUFFERS - 1) {
          paused = true;
          socket.pause();
        }
        if (framing.kind === 'length' && framing.remaining === 0) finish();
        return;
      }
      // The head, a chunked body, a 1xx: rare and small, so copied and parsed the slow way.
      const copy = Buffer.from(view);
      release(owner);
      receive(copy);
    };
    const socket: net.Socket =
      url.protocol === 'https:'
        ? tls.connect({ host: hostname, port, servername: net.isIP(hostname) ? undefined : hostname })
        : net.connect({
            host: hostname,
            port,
            onread: {
              buffer: grant,
              callback: (bytes: number, buffer: Uint8Array) => {
                const owner = buffer as Buffer;
                onRead(owner.subarray(0, bytes), owner);
                return true;
              },
            },
          });
    if (url.protocol === 'https:') socket.on('data', (chunk: Buffer) => receive(chunk));
    socket.setNoDelay(true);
    socket.on(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(requestHead));
    socket.on('error', (error) => fail(new MediaHttpError(`${url.host}: ${error.message}`, { cause: error })));
    socket.on('end', () => {
      if (responded && framing.kind === 'close') finish();
      else if (!finished)
        fail(
          new MediaHttpError(
            responded
              ? `${url.host} closed the connection before the body was complete`
              : `${url.host} closed the connection before answering`,
          ),
        );
    });
    socket.on('close', () => {
      if (!finished) fail(new MediaHttpError(`The connection to ${url.host} was lost`));
    });
    const onAbort = () => fail(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    function settle() {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      const wake = waiter;
      waiter = null;
      wake?.();
    }
    function fail(error: unknown) {
      if (finished || failure) return;
      failure = { error };
      if (!responded) rejectResponse(error);
      settle();
    }
    function finish() {
      if (finished || failure) return;
      finished = true;
      settle();
    }

    function push(chunk: Buffer, owner: Buffer | null = null) {
      if (chunk.length === 0) return;
      queue.push({ chunk, owner });
      queued += chunk.length;
      if (!paused && owner === null && queued >= HIGH_WATER) {
        paused = true;
        socket.pause();
      }
      const wake = waiter;
      waiter = null;
      wake?.();
    }

    function receive(chunk: Buffer) {
      if (finished || failure) return;
      if (!responded) {
        headBuffer = headBuffer ? Buffer.concat([headBuffer, chunk]) : chunk;
        const end = headBuffer.indexOf(CRLF_CRLF);
        if (end < 0) {
          if (headBuffer.length > MAX_HEAD_BYTES)
            fail(new MediaHttpError(`${url.host} sent a response head over ${MAX_HEAD_BYTES} bytes`));
          return;
        }
        const rest = headBuffer.subarray(end + 4);
        let parsed: { status: number; headers: Map<string, string> };
        try {
          parsed = parseHead(headBuffer.subarray(0, end).toString('latin1'));
        } catch (error) {
          fail(error);
          return;
        }
        headBuffer = null;
        // 1xx answers (103 Early Hints) come before the real one.
        if (parsed.status < 200) {
          if (rest.length > 0) receive(rest);
          return;
        }
        try {
          framing = framingOf(parsed.status, parsed.headers);
        } catch (error) {
          fail(error);
          return;
        }
        responded = true;
        const headers = parsed.headers;
        resolveResponse({
          status: parsed.status,
          headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
          body: framing.kind === 'none' ? null : { [Symbol.asyncIterator]: iterator },
        });
        if (framing.kind === 'none' || (framing.kind === 'length' && framing.remaining === 0)) {
          finish();
          return;
        }
        if (rest.length > 0) body(rest);
        return;
      }
      body(chunk);
    }

    function body(chunk: Buffer) {
      if (framing.kind === 'length') {
        const take = Math.min(chunk.length, framing.remaining);
        framing.remaining -= take;
        push(take === chunk.length ? chunk : chunk.subarray(0, take));
        if (framing.remaining === 0) finish();
      } else if (framing.kind === 'chunked') {
        dechunk(chunk);
      } else {
        push(chunk);
      }
    }

    function dechunk(chunk: Buffer) {
      let at = 0;
      while (at < chunk.length && !finished && !failure) {
        if (chunkDue > 0) {
          const take = Math.min(chunkDue, chunk.length - at);
          push(chunk.subarray(at, at + take));
          chunkDue -= take;
          at += take;
          if (chunkDue === 0) {
            chunkAfterData = true;
            chunkLine = Buffer.alloc(0);
          }
          continue;
        }
        // Gather a line: the CRLF after data, a size line, or a trailer line.
        const newline = chunk.indexOf(10, at);
        const piece = chunk.subarray(at, newline < 0 ? chunk.length : newline + 1);
        chunkLine = Buffer.concat([chunkLine ?? Buffer.alloc(0), piece]);
        at += piece.length;
        if (newline < 0) {
          if (chunkLine.length > 8192) fail(new MediaHttpError(`${url.host} sent a malformed chunked body`));
          return;
        }
        const line = chunkLine.toString('latin1').replace(/\r?\n$/, '');
        chunkLine = Buffer.alloc(0);
        if (chunkAfterData) {
          chunkAfterData = false;
          if (line !== '') fail(new MediaHttpError(`${url.host} sent a malformed chunked body`));
          continue;
        }
        if (inTrailers) {
          if (line === '') finish();
          continue;
        }
        const size = /^([0-9a-fA-F]{1,12})(?:;.*)?$/.exec(line.trim());
        if (!size) {
          fail(new MediaHttpError(`${url.host} sent a malformed chunk size`));
          return;
        }
        chunkDue = parseInt(size[1]!, 16);
        if (chunkDue === 0) inTrailers = true;
      }
    }

    function iterator(): AsyncIterator<Uint8Array> {
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          // The chunk handed out last time is done with.
          release(lent);
          lent = null;
          for (;;) {
            const item = queue.shift();
            if (item) {
              queued -= item.chunk.length;
              lent = item.owner;
              if (paused && item.owner === null && queued <= LOW_WATER && !finished && !failure) {
                paused = false;
                socket.resume();
              }
              return { value: item.chunk, done: false };
            }
            if (failure) throw (failure as { error: unknown }).error;
            if (finished) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (waiter = resolve));
          }
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          queue.length = 0;
          queued = 0;
          lent = null;
          if (!finished && !failure) {
            failure = { error: new MediaHttpError('The body was cancelled') };
            settle();
          }
          return { value: undefined, done: true };
        },
      };
    }
  });
}

function head(url: URL, headers: Record<string, string>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value))
      throw new MediaHttpError(`Refusing to send the header ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'connection') continue;
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function parseHead(text: string): { status: number; headers: Map<string, string> } {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (!statusLine) throw new MediaHttpError(`Not an HTTP/1.x answer: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MediaHttpError(`Malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(statusLine[1]), headers };
}

function framingOf(status: number, headers: Map<string, string>): Framing {
  if (status === 204 || status === 304) return { kind: 'none' };
  const coding = headers.get('transfer-encoding');
  if (coding !== undefined) {
    if (coding.trim().toLowerCase() !== 'chunked') throw new MediaHttpError(`Unsupported transfer-encoding ${coding}`);
    return { kind: 'chunked' };
  }
  const length = headers.get('content-length');
  if (length !== undefined) {
    // Repeated headers arrive joined; equal copies are allowed (RFC 9110 §8.6).
    const values = new Set(length.split(',').map((value) => value.trim()));
    const only = [...values][0] ?? '';
    if (values.size !== 1 || !/^\d{1,15}$/.test(only)) throw new MediaHttpError(`Invalid content-length ${length}`);
    return { kind: 'length', remaining: Number(only) };
  }
  return { kind: 'close' };
}
