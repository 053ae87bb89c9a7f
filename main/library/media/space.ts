// How many bytes media may still take, and what to evict to make room. Two limits apply:
// the settable quota, and the disk itself minus a reserve kept free so ledger.db (learning
// records, which must never fail to write) can always grow — the same reserve the health
// check warns about.
import type { StoredMedia } from './media-store.ts';

export interface SpaceInput {
  /** Bytes media holds or has promised: committed files, parts, unfinished downloads. */
  usedBytes: number;
  /** Bytes still to be written by downloads already running. */
  outstandingBytes: number;
  diskFreeBytes: number;
  quotaBytes: number | null;
  reserveBytes: number;
}

export interface Room {
  bytes: number;
  /** Which limit is the tighter one: decides between "quota reached" and "disk full". */
  limitedBy: 'quota' | 'disk';
}

export function roomForMedia(input: SpaceInput): Room {
  const byDisk = input.diskFreeBytes - input.reserveBytes - input.outstandingBytes;
  const byQuota = input.quotaBytes === null ? Infinity : input.quotaBytes - input.usedBytes - input.outstandingBytes;
  return byQuota < byDisk
    ? { bytes: Math.max(0, byQuota), limitedBy: 'quota' }
    : { bytes: Math.max(0, byDisk), limitedBy: 'disk' };
}

/**
 * Files to delete, least recently used first, to free `needBytes`; never a protected one
 * (pinned, scheduled soon, or being played). Null when even all the rest would not be enough —
 * then nothing is deleted.
 */
export function planEviction(
  files: StoredMedia[],
  protectedSha256s: ReadonlySet<string>,
  needBytes: number,
): string[] | null {
  if (needBytes <= 0) return [];
  const victims: string[] = [];
  let freed = 0;
  const oldestFirst = [...files].sort((a, b) => a.lastUsedAt - b.lastUsedAt || a.sha256.localeCompare(b.sha256));
  for (const file of oldestFirst) {
    if (protectedSha256s.has(file.sha256)) continue;
    victims.push(file.sha256);
    freed += file.size;
    if (freed >= needBytes) return victims;
  }
  return null;
}
