// The CPU-bound half of ingest (protocol.md §7): each pushed event checked against the
// protocol's schema, its hash recomputed and its signature tried against the station's keys.
// It runs on worker threads, so one station pushing a large backlog cannot hold the hub's
// event loop — the heartbeats and pulls of every other station are answered meanwhile. What
// needs the database (sequence, chain, duplicates, which key may sign which sequence) stays
// on the main thread, in ingest.ts's transaction.
//
// The worker is this very module (no extra file to ship); `threads: 0` checks on the calling
// thread (the administrator's import, tests).
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { z } from 'zod';
import { verify } from '../protocol/crypto.ts';
import { hashEvent, SignedEventSchema, type SignedEvent } from '../protocol/events.ts';
import type { RejectionCode } from '../protocol/wire.ts';

export type EventVerdict = {
  /** Why the event cannot be counted, before the chain and the key rules are looked at. */
  problem: { code: RejectionCode; message: string } | null;
  /** Index into the keys passed of the first key whose signature verifies; -1 for none. */
  keyIndex: number;
};

export interface EventChecker {
  /**
   * One verdict per event, in order. `keys` are tried in the order given. A large batch is
   * shared out among the threads, so one station's backlog is checked on every core.
   */
  check(events: readonly unknown[], keys: readonly string[]): Promise<EventVerdict[]>;
  close(): Promise<void>;
}

// Below this, a batch is not worth splitting (posting to a worker costs a little too).
const SPLIT_FROM = 64;

function hasUnknownKeys(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.some(
    (issue) =>
      issue.code === 'unrecognized_keys' || (issue.code === 'invalid_union' && issue.errors.some(hasUnknownKeys)),
  );
}

/** One event's verdict: schema, hash, then which key signed it. */
export function checkEvent(raw: unknown, keys: readonly string[]): EventVerdict {
  const parsed = SignedEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3);
    return {
      problem: {
        code: hasUnknownKeys(parsed.error.issues) ? 'unknown_field' : 'invalid_request',
        message: issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; '),
      },
      keyIndex: -1,
    };
  }
  const event: SignedEvent = parsed.data;
  if (hashEvent(event) !== event.hash)
    return {
      problem: { code: 'event_bad_hash', message: `Event ${event.seq} does not hash to its hash` },
      keyIndex: -1,
    };
  return { problem: null, keyIndex: keys.findIndex((key) => verify(event.hash, event.sig, key)) };
}

function checkAll(events: readonly unknown[], keys: readonly string[]): EventVerdict[] {
  return events.map((event) => checkEvent(event, keys));
}

type Task = {
  events: readonly unknown[];
  keys: readonly string[];
  resolve: (verdicts: EventVerdict[]) => void;
  reject: (error: unknown) => void;
};
type WorkerRequest = { events: readonly unknown[]; keys: readonly string[] };
type WorkerAnswer = { verdicts: EventVerdict[] } | { failed: string };
const WORKER_KIND = 'lectern-hub-event-check';

/** How many threads check events by default: one per core, at most four. */
export function defaultCheckThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * A pool of `threads` workers taking batches in arrival order. A worker that dies is replaced
 * and its batch fails (the push answers `internal`, and the station sends it again).
 */
export function createEventChecker(options: { threads?: number } = {}): EventChecker {
  const threads = options.threads ?? defaultCheckThreads();
  if (threads === 0) return { check: async (events, keys) => checkAll(events, keys), close: async () => undefined };

  const queue: Task[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Task>();
  let closed = false;

  function spawn(): void {
    const worker = new Worker(new URL(import.meta.url), { workerData: { kind: WORKER_KIND } });
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => {
      const task = busy.get(worker);
      busy.delete(worker);
      if (task) {
        if ('verdicts' in answer) task.resolve(answer.verdicts);
        else task.reject(new Error(`event check failed: ${answer.failed}`));
      }
      idle.push(worker);
      next();
    });
    worker.on('error', (error) => {
      busy.get(worker)?.reject(error);
      busy.delete(worker);
    });
    worker.on('exit', () => {
      const task = busy.get(worker);
      busy.delete(worker);
      task?.reject(new Error('an event-check worker stopped'));
      const at = idle.indexOf(worker);
      if (at !== -1) idle.splice(at, 1);
      if (!closed) next();
    });
    idle.push(worker);
  }

  function next(): void {
    // Threads start with the first batches, not with the hub: a hub that is only pulled from
    // (the station's embedded demo) never pays for them.
    while (queue.length > idle.length && idle.length + busy.size < threads) spawn();
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const task = queue.shift()!;
      busy.set(worker, task);
      worker.postMessage({ events: task.events, keys: task.keys } satisfies WorkerRequest);
    }
  }

  const checkPart = (events: readonly unknown[], keys: readonly string[]) =>
    new Promise<EventVerdict[]>((resolve, reject) => {
      queue.push({ events, keys, resolve, reject });
      next();
    });

  return {
    async check(events, keys) {
      if (closed) throw new Error('the event checker is closed');
      const parts = events.length < SPLIT_FROM ? 1 : threads;
      const size = Math.ceil(events.length / parts);
      const checked = await Promise.all(
        Array.from({ length: parts }, (_, i) => checkPart(events.slice(i * size, (i + 1) * size), keys)),
      );
      return checked.flat();
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('the hub is closing'));
      await Promise.all([...idle, ...busy.keys()].map((worker) => worker.terminate()));
    },
  };
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) {
  parentPort!.on('message', ({ events, keys }: WorkerRequest) => {
    try {
      parentPort!.postMessage({ verdicts: checkAll(events, keys) } satisfies WorkerAnswer);
    } catch (error) {
      parentPort!.postMessage({
        failed: error instanceof Error ? error.message : String(error),
      } satisfies WorkerAnswer);
    }
  });
}
