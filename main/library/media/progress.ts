// Speed and time left for one download, from the bytes seen over the last few seconds: a
// lifetime average would hide a link that just slowed down; one sample is too jumpy.
const WINDOW_MS = 5000;

export interface ProgressFigures {
  bytesPerSec: number;
  /** Seconds to finish at the current speed; null while the speed is unknown. */
  etaSec: number | null;
}

export function createSpeedMeter(now: () => number = () => performance.now()) {
  const samples: Array<{ at: number; bytes: number }> = [];
  return {
    sample(bytes: number, size: number): ProgressFigures {
      const at = now();
      samples.push({ at, bytes });
      while (samples.length > 2 && at - samples[0]!.at > WINDOW_MS) samples.shift();
      const first = samples[0]!;
      const elapsed = (at - first.at) / 1000;
      const bytesPerSec = elapsed > 0 ? Math.round((bytes - first.bytes) / elapsed) : 0;
      return { bytesPerSec, etaSec: bytesPerSec > 0 ? Math.ceil((size - bytes) / bytesPerSec) : null };
    },
  };
}
