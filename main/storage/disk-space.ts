// Free space on the station's disk, measured one way for everyone: the health check warns
// below the reserve, the media store never fills the disk past it, so ledger.db (learning
// records, which must never fail to write) can always grow.
import fs from 'node:fs';

export const LEDGER_DISK_RESERVE_BYTES = 512 * 1024 * 1024;

/** Bytes an unprivileged process may still write on the filesystem holding `dir`. */
export function freeDiskBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
}
