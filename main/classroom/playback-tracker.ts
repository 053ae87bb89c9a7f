// Turns what the video element reports into the time a lecture really played in front of the
// room: `playback.segment` intervals on the monotonic clock. Pure — no clock, no database;
// the caller passes each signal with the monotonic time it happened at and the media time
// the element reported.
//
// What counts, and why:
//   - Time counts only while the lecture plays forward, visible, not seeking, not stalled.
//     A hidden view (another window on the projector) is not watching.
//   - Within one uninterrupted run the credit is min(wall time, media time advanced): at 2×
//     the media runs ahead and the wall time is what counts (nothing extra); at 0.5× the
//     media is what counts (stretching a lesson earns nothing either); a stall the player
//     did not announce shows up as media that stopped advancing and earns nothing. The
//     minimum is taken over the whole run, not per timeupdate, so the few milliseconds of
//     jitter between the two clocks do not add up over an hour.
//   - A jump in media time (a seek the player did not announce, or a seek forward) ends the
//     run: seeking forward is not watching. Seeking back and watching again is watching.
//   - A run longer than maxSegmentMs is cut, so a crash mid-lecture loses at most that much.
export type PlayerSignal =
  | {
      kind: 'play' | 'pause' | 'seeking' | 'seeked' | 'stalled' | 'ended' | 'timeupdate' | 'hidden' | 'visible';
      monoMs: number;
      mediaS: number;
    }
  | { kind: 'ratechange'; monoMs: number; mediaS: number; rate: number };

export type PlayedSegment = { startMonoMs: number; endMonoMs: number };

export interface PlaybackTracker {
  /** Feeds one signal; returns the segments it completed (often none). */
  signal(signal: PlayerSignal): PlayedSegment[];
  /** Ends the current run at the last position seen (class closed, view torn down). */
  stop(): PlayedSegment[];
  /** The run in progress up to its last position, not yet recorded (for a live figure), or null. */
  running(): PlayedSegment | null;
}

export type PlaybackTrackerOptions = {
  /** Longest segment before it is cut and recorded (default one minute). */
  maxSegmentMs?: number;
  /** Slack for the media clock running ahead of the wall clock before it is a jump. */
  jumpToleranceMs?: number;
};

type Run = { startMono: number; startMedia: number; lastMono: number; lastMedia: number };

export function createPlaybackTracker(options: PlaybackTrackerOptions = {}): PlaybackTracker {
  const maxSegmentMs = options.maxSegmentMs ?? 60_000;
  const jumpToleranceMs = options.jumpToleranceMs ?? 1000;
  let playing = false;
  let seeking = false;
  let stalledAt: number | null = null; // media seconds where it stalled
  let visible = true;
  let rate = 1;
  let run: Run | null = null;

  const countable = () => playing && !seeking && stalledAt === null && visible && rate > 0;
  const begin = (monoMs: number, mediaS: number) => {
    run = { startMono: monoMs, startMedia: mediaS * 1000, lastMono: monoMs, lastMedia: mediaS * 1000 };
  };
  const credited = (): PlayedSegment | null => {
    if (!run) return null;
    const credit = Math.min(run.lastMono - run.startMono, run.lastMedia - run.startMedia);
    return credit > 0 ? { startMonoMs: run.startMono, endMonoMs: run.startMono + credit } : null;
  };
  const end = (out: PlayedSegment[]) => {
    const segment = credited();
    if (segment) out.push(segment);
    run = null;
  };
  /** A position the player reports while the run goes on. */
  const sample = (monoMs: number, mediaS: number, out: PlayedSegment[]) => {
    if (!run) return;
    const media = mediaS * 1000;
    const advanced = media - run.lastMedia;
    const allowed = (monoMs - run.lastMono) * Math.max(rate, 1) + jumpToleranceMs;
    if (advanced < -jumpToleranceMs || advanced > allowed || monoMs < run.lastMono) {
      end(out);
      begin(monoMs, mediaS);
      return;
    }
    run.lastMono = monoMs;
    run.lastMedia = Math.max(run.lastMedia, media);
    if (run.lastMono - run.startMono >= maxSegmentMs) {
      end(out);
      begin(monoMs, mediaS);
    }
  };

  return {
    signal(signal) {
      const out: PlayedSegment[] = [];
      const { monoMs, mediaS } = signal;
      switch (signal.kind) {
        case 'timeupdate':
          if (stalledAt !== null && mediaS > stalledAt) stalledAt = null;
          sample(monoMs, mediaS, out);
          break;
        case 'play':
        case 'seeked':
          if (signal.kind === 'play') playing = true;
          else seeking = false;
          break;
        case 'seeking':
          // The reported time is the target, not where playback got to: the run ends at its
          // last real sample.
          seeking = true;
          end(out);
          break;
        case 'pause':
        case 'ended':
          sample(monoMs, mediaS, out);
          playing = false;
          break;
        case 'stalled':
          sample(monoMs, mediaS, out);
          stalledAt = mediaS;
          break;
        case 'hidden':
        case 'visible':
          if (signal.kind === 'hidden') sample(monoMs, mediaS, out);
          visible = signal.kind === 'visible';
          break;
        case 'ratechange':
          // A new rate starts a new run, so media banked at 2× cannot pay for a later stall.
          sample(monoMs, mediaS, out);
          end(out);
          rate = signal.rate;
          break;
      }
      if (!countable()) end(out);
      else if (!run) begin(monoMs, mediaS);
      return out;
    },
    stop() {
      const out: PlayedSegment[] = [];
      end(out);
      playing = false;
      return out;
    },
    running: credited,
  };
}
