// Free space on the station's disk, measured one way for everyone: the health check warns
// below the reserve, the media store never fills the disk past it, so ledger.db (learning
// records, which must never fail to write) can always grow.
import fs from 'node:fs';
import path from 'node:path';

export const LEDGER_DISK_RESERVE_BYTES = 512 * 1024 * 1024;

/** Bytes an unprivileged process may still write on the filesystem holding `dir`. */
export function freeDiskBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/**
 * Free space a stopped ledger needs before it records again after a full disk: room for
 * about 100,000 more events and SQLite's temporary pages, far below the media reserve.
 */
export const LEDGER_RESUME_BYTES = 64 * 1024 * 1024;

const PROBE_BYTES = Buffer.alloc(4096, 0x4c);

/**
 * Whether the disk holding `dir` takes a write and an fsync now — the two operations a commit
 * of ledger.db needs — on a small file of its own (never on the ledger). Returns the error
 * code when it does not.
 */
export function probeDiskWrite(dir: string): { ok: true } | { ok: false; code: string } {
  const file = path.join(dir, '.ledger-disk-probe');
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'w');
    fs.writeSync(fd, PROBE_BYTES, 0, PROBE_BYTES.length, 0);
    fs.fsyncSync(fd);
    return { ok: true };
  } catch (error) {
    return { ok: false, code: String((error as NodeJS.ErrnoException).code ?? error) };
  } finally {
    try {
      if (fd !== null) fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    } catch {
      // The next probe tries again; what counts is the answer above.
    }
  }
}
