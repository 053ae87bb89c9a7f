// Appends to a part file without making the network wait on the disk. Writes stay strictly
// in order (a chain, never two at once), so a process killed at any moment leaves a part
// that is a prefix of the file — no hole of zeros before bytes that did land. The reader
// only waits when several batches are queued, which bounds memory.
//
// Every SYNC_EVERY_BYTES a datasync is started beside the writes (never in their chain, at
// most one at a time), so the disk takes the bytes while more arrive. Without it a 1 GiB file
// sat in the page cache until the fsync before the rename, which then took ~0.3 s on the
// bench machine with nothing else happening; with it that fsync has only the last few MiB
// left. Side by side (bench library, 1 GiB on loopback) download/curl went from 0.66–0.68 to
// 0.73–0.82. (An earlier try with a datasync every 64 MiB measured slower; that was with
// fetch() reading, and on a machine busy enough to swamp the difference.) It is a head start
// only: durability still rests on the fsync in download.ts's publish().
import type fs from 'node:fs';

/**
 * append() returns with fewer than this many writes pending, so a caller may reuse its
 * buffers in a ring of MAX_QUEUED_BATCHES + 1: the one it is about to refill was handed
 * over that many appends ago and has been written (or the writer has failed).
 */
export const MAX_QUEUED_BATCHES = 4;
const SYNC_EVERY_BYTES = 64 * 1024 * 1024;

export interface PartWriter {
  /** Queues the buffers; resolves once the queue has room again. Rejects after a failed write. */
  append(buffers: Uint8Array[], bytes: number): Promise<void>;
  /** Waits for every queued write; rejects with the first failure. */
  drain(): Promise<void>;
}

export function createPartWriter(handle: fs.promises.FileHandle, start: number): PartWriter {
  let position = start;
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  let failure: { error: unknown } | null = null;
  let roomWaiter: (() => void) | null = null;
  let unsynced = 0;
  let syncing: Promise<void> | null = null;

  const fail = (error: unknown) => {
    failure ??= { error };
  };
  // Read through a function: a write callback may set it between two awaits.
  const rethrow = () => {
    const current = failure as { error: unknown } | null;
    if (current) throw current.error;
  };

  return {
    async append(buffers, bytes) {
      rethrow();
      const at = position;
      position += bytes;
      queued++;
      chain = chain.then(async () => {
        try {
          // After a failed write nothing more is written: the part must stay a prefix.
          if (!failure) await handle.writev(buffers, at);
          unsynced += bytes;
          if (unsynced >= SYNC_EVERY_BYTES && !syncing && !failure) {
            unsynced = 0;
            // A failed datasync fails the writer like a failed write: the final fsync runs on
            // another descriptor and would not hear of this error (Linux reports it once).
            syncing = handle.datasync().then(
              () => {
                syncing = null;
              },
              (error: unknown) => {
                syncing = null;
                fail(error);
              },
            );
          }
        } catch (error) {
          fail(error);
        } finally {
          queued--;
          roomWaiter?.();
          roomWaiter = null;
        }
      });
      while (queued >= MAX_QUEUED_BATCHES && !failure) await new Promise<void>((resolve) => (roomWaiter = resolve));
      rethrow();
    },
    async drain() {
      await chain;
      // The handle is closed after drain(); a datasync still running must finish first.
      await syncing;
      rethrow();
    },
  };
}
