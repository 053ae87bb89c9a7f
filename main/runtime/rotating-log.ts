// The station's log on disk: one JSON object per line in <data>/logs/lectern.log, rotated by
// size so a station that runs for years never fills its disk with logs — at most
// `keep` + 1 files of `maxBytes` each (lectern.log, lectern.log.1 … lectern.log.<keep>, the
// oldest dropped). The diagnostic bundle carries them. A log that cannot be written never
// stops the station: the line still goes to standard error.
import fs from 'node:fs';
import path from 'node:path';
import type { LogSink } from './logger.ts';

export const LOG_FILE = 'lectern.log';
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_KEEP = 4;

export function createRotatingLogSink(
  dir: string,
  options: { maxBytes?: number; keep?: number } = {},
): LogSink & { close(): void } {
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_LOG_KEEP;
  const file = path.join(dir, LOG_FILE);
  let fd: number | null = null;
  let size = 0;
  let failed = false;

  const open = () => {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(file, 'a', 0o600);
    size = fs.fstatSync(fd).size;
  };
  const rotate = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    fs.rmSync(`${file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n -= 1)
      if (fs.existsSync(`${file}.${n}`)) fs.renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    if (keep > 0) fs.renameSync(file, `${file}.1`);
    else fs.rmSync(file, { force: true });
    open();
  };

  const sink = (line: string) => {
    if (failed) return;
    try {
      if (fd === null) open();
      const bytes = Buffer.byteLength(line) + 1;
      if (size > 0 && size + bytes > maxBytes) rotate();
      fs.writeSync(fd!, `${line}\n`);
      size += bytes;
    } catch (error) {
      // Said once, then the station goes on with standard error alone.
      failed = true;
      process.stderr.write(
        `${JSON.stringify({ t: new Date().toISOString(), level: 'warn', event: 'log.file_failed', error: (error as Error).message })}\n`,
      );
    }
  };
  return Object.assign(sink, {
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  });
}

/** Every line to standard error (the service manager's journal) and to the rotated file. */
export function stderrAndFile(dir: string): LogSink {
  const file = createRotatingLogSink(dir);
  return (line) => {
    process.stderr.write(`${line}\n`);
    file(line);
  };
}
