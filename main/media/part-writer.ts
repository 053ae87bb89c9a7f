// Appends to a part file without making the network wait on the disk. Writes stay strictly
// in order (a chain, never two at once), so a process killed at any moment leaves a part
// that is a prefix of the file — no hole of zeros before bytes that did land. The reader
// only waits when several batches are queued, which bounds memory. (A datasync every 64 MiB
// in the background was tried, to shorten the final fsync; on the bench machine it made the
// download markedly slower, so the one fsync before the rename is the only one.)
import type fs from 'node:fs';

const MAX_QUEUED_BATCHES = 4;

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
      rethrow();
    },
  };
}
