// A bandwidth cap shared by every running download. The bucket holds at most half a second
// of traffic, so a cap is kept on average without long stalls; a chunk larger than the
// bucket is let through and paid for afterwards (the balance goes negative), because a
// network read cannot be split once it has arrived.
import { setTimeout as sleep } from 'node:timers/promises';

export interface TokenBucket {
  /** Waits until `bytes` may pass. Returns at once while the cap is off. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
  /** Bytes per second; null removes the cap. Takes effect for the next chunk. */
  setRate(bytesPerSecond: number | null): void;
  rate(): number | null;
}

const BURST_SECONDS = 0.5;

export function createTokenBucket(
  bytesPerSecond: number | null,
  now: () => number = () => performance.now(),
): TokenBucket {
  let rate = bytesPerSecond;
  let tokens = rate === null ? 0 : rate * BURST_SECONDS;
  let last = now();

  const refill = () => {
    const at = now();
    if (rate !== null) tokens = Math.min(rate * BURST_SECONDS, tokens + ((at - last) / 1000) * rate);
    last = at;
  };

  return {
    async take(bytes, signal) {
      if (rate === null) return;
      refill();
      tokens -= bytes;
      if (tokens < 0) await sleep((-tokens / rate) * 1000, undefined, { signal });
    },
    setRate(bytesPerSecond) {
      refill();
      rate = bytesPerSecond;
      tokens = rate === null ? 0 : Math.min(tokens, rate * BURST_SECONDS);
    },
    rate: () => rate,
  };
}
