// Admission control for pushes: after an outage every station of a province comes back at
// once with its backlog, and a hub that took them all at once would answer none of them in
// time. So at most `maxConcurrent` pushes are worked on; the next `maxQueued` wait their
// turn in arrival order (fair: nobody is overtaken), for at most `maxWaitMs`; beyond that a
// station is told to come back later — `503 hub_busy` with a Retry-After spread over a few
// seconds, so the herd thins out instead of returning together. A station whose previous
// push is still being worked on (its answer was lost, it timed out and retried) gets
// `429 station_busy`: two pushes of one station would only wait for each other.
// Heartbeats, time and pulls are not admitted here: they are cheap and must stay prompt.
import { ProtocolError } from '../protocol/errors.ts';

/** A refusal that carries the Retry-After the hub sends with it. */
export class RetryLater extends ProtocolError {
  readonly retryAfterSec: number;
  constructor(code: 'hub_busy' | 'station_busy' | 'internal', message: string, retryAfterSec: number) {
    super(code, message);
    this.retryAfterSec = retryAfterSec;
  }
}

export type AdmissionOptions = {
  maxConcurrent: number;
  maxQueued?: number;
  maxWaitMs?: number;
  /** Retry-After for hub_busy is drawn from [min, max] seconds. */
  retryAfterSec?: { min: number; max: number };
  random?: () => number;
};

export interface Admission {
  /** Waits for a turn; resolves with the function that ends it. Throws RetryLater when there is none. */
  enter(stationId: string): Promise<() => void>;
  readonly active: number;
  readonly queued: number;
}

export const DEFAULT_MAX_QUEUED = 64;
export const DEFAULT_MAX_WAIT_MS = 8_000;

export function createAdmission(options: AdmissionOptions): Admission {
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const spread = options.retryAfterSec ?? { min: 2, max: 6 };
  const random = options.random ?? Math.random;
  const stations = new Set<string>();
  const waiting: { admit: () => void }[] = [];
  let active = 0;

  const busy = (message: string) =>
    new RetryLater('hub_busy', message, Math.round(spread.min + random() * (spread.max - spread.min)));

  function release(stationId: string): void {
    stations.delete(stationId);
    const next = waiting.shift();
    if (next) next.admit();
    else active -= 1;
  }

  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    async enter(stationId) {
      if (stations.has(stationId))
        throw new RetryLater('station_busy', 'The previous push of this station is still being worked on', 1);
      if (active < options.maxConcurrent) {
        active += 1;
        stations.add(stationId);
        return () => release(stationId);
      }
      if (waiting.length >= maxQueued) throw busy(`${active} pushes are being worked on and ${maxQueued} wait`);
      stations.add(stationId);
      await new Promise<void>((resolve, reject) => {
        const entry = {
          // The turn passes from the push that ended straight to this one: `active` stays.
          admit: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          stations.delete(stationId);
          reject(busy(`No turn within ${maxWaitMs} ms`));
        }, maxWaitMs);
        waiting.push(entry);
      });
      return () => release(stationId);
    },
  };
}
