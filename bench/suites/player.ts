// bench player: the lecture on the projector as a class sees it, in Debian's Chromium against
// a browser-shell station provisioned to a reference hub on 127.0.0.1 and the test live
// source (ffmpeg, H.264/AAC, MPEG-TS; test/support/live-source.ts). Every figure runs the
// product's own path: the organiser's contract call on the class screen, the projector
// window's player (mpegts.js behind the reconnect machine, or the cached file), the picture.
//
//   live_first_frame_ms_median/_p95  organiser presses play → the live picture moves (goal ≤ 1,000 median)
//   live_buffered_latency_s          media received but not yet shown, while live (goal ≤ 1.5)
//   live_recovery_s                  the source back after 3 s down → the picture moves (goal ≤ 3)
//   live_rebuffer_ratio              time on a slate over 5 minutes with a connection reset each minute (goal ≤ 0.02)
//   recorded_first_frame_ms          organiser plays a cached lesson → its picture moves (goal ≤ 150)
//   recorded_seek_ms                 a seek in the cached lesson → the element has the frame (goal ≤ 100)
//
// The baseline beside them: a bare <video> in the same browser playing the same cached file
// (baseline_recorded_first_frame_ms, baseline_recorded_seek_ms) — what Chromium alone costs.
// The renderer must be built (npm run build:renderer). Station and hub folders go under
// bench/.data on a real disk.
import type { Page } from 'playwright-core';
import type { LiveSource } from '../../test/support/live-source.ts';
import type { PlayerStation } from '../../test/support/player-station.ts';
import { armFrame, frameAt, openPlayerRoom, sleep, slateMs, slates, until, type View } from '../player/room.ts';
import { median, percentile, round } from '../support/stats.ts';

const FIRST_FRAME_RUNS = 12;
const SEEK_RUNS = 12;
const RECOVERY_RUNS = 3;
const DOWN_MS = 3_000;
const REBUFFER_MINUTES = 5;

async function liveFigures(
  source: LiveSource,
  player: PlayerStation,
  page: Page,
  organiserSession: string,
  view: View,
) {
  const control = (action: string, itemKey?: string) =>
    player.invoke('playlist.control', { organiserSession, sessionId: view.sessionId, action, itemKey });
  const liveKey = view.items.find((item) => item.kind === 'live')!.key;
  const firstFrames: number[] = [];
  for (let run = 0; run < FIRST_FRAME_RUNS; run += 1) {
    const pressed = Date.now();
    await armFrame(page, pressed);
    await control('playItem', liveKey);
    const shown = await until('the live picture', 15_000, () => frameAt(page));
    firstFrames.push(shown - pressed);
    await sleep(1_500);
    await control('pause');
    await sleep(700);
  }

  await control('playItem', liveKey);
  await sleep(5_000);
  const latencies: number[] = [];
  for (let sample = 0; sample < 40; sample += 1) {
    latencies.push(
      await page.evaluate(() => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="live-video"]')!;
        const { buffered } = video;
        return buffered.length > 0 ? buffered.end(buffered.length - 1) - video.currentTime : Number.NaN;
      }),
    );
    await sleep(500);
  }

  const recoveries: number[] = [];
  for (let run = 0; run < RECOVERY_RUNS; run += 1) {
    await source.down(DOWN_MS);
    const back = Date.now();
    const moving = await until('the picture after the outage', 20_000, async () =>
      (await slates(page)).find((entry) => entry.at >= back && entry.slate === 'none'),
    );
    recoveries.push(moving.at - back);
    await sleep(5_000);
  }

  // Five minutes of live with a connection reset in the middle of each minute.
  const from = Date.now();
  for (let minute = 0; minute < REBUFFER_MINUTES; minute += 1) {
    await sleep(30_000);
    source.abortStreams();
    await sleep(30_000);
  }
  const to = Date.now();
  const rebufferRatio = (await slateMs(page, from, to)) / (to - from);
  await control('pause');
  return {
    live_first_frame_ms_median: round(median(firstFrames), 0),
    live_first_frame_ms_p95: round(percentile(firstFrames, 95), 0),
    live_buffered_latency_s: round(median(latencies.filter((value) => Number.isFinite(value))), 3),
    live_recovery_s: round(median(recoveries) / 1000, 3),
    live_rebuffer_ratio: round(rebufferRatio, 4),
  };
}

/** First frame and seeks of a video element in the page, the product's or a bare one. */
async function seekTimes(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    async ({ selector, runs }) => {
      const video = document.querySelector<HTMLVideoElement>(selector)!;
      const times: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        const target = ((run * 0.37) % 0.8) * video.duration + 0.5;
        const started = performance.now();
        await new Promise<void>((resolve) => {
          video.addEventListener('seeked', () => resolve(), { once: true });
          video.currentTime = target;
        });
        times.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return times;
    },
    { selector, runs: SEEK_RUNS },
  );
}

async function recordedFigures(player: PlayerStation, page: Page, organiserSession: string, view: View) {
  const choices = await until('a cached lesson', 120_000, async () => {
    const answer = await player.invoke<{ lessons: { id: string }[] }>('playlist.choices', { organiserSession });
    return answer.lessons.length > 0 ? answer : null;
  });
  const lessonId = choices.lessons[0]!.id;
  const edited = await player.invoke<View>('playlist.edit', {
    organiserSession,
    sessionId: view.sessionId,
    edit: { action: 'addLesson', lessonId },
  });
  const itemKey = edited.items.find((item) => item.kind === 'lesson')!.key;
  const pressed = Date.now();
  await armFrame(page, pressed);
  await player.invoke('playlist.control', { organiserSession, sessionId: view.sessionId, action: 'playItem', itemKey });
  const shown = await until('the lesson picture', 15_000, () => frameAt(page));
  await sleep(1_000);
  await player.invoke('playlist.control', { organiserSession, sessionId: view.sessionId, action: 'pause' });
  const seeks = await seekTimes(page, '[data-testid="lesson-video"]');
  const url = await page.getByTestId('lesson-video').getAttribute('src');

  // The baseline: the same file in a bare element of the same browser.
  // In the projector window's browser context (its media cookie) and on the station's origin.
  const bare = await page.context().newPage();
  await bare.goto(new URL('/media/', page.url()).href);
  await bare.setContent(`<video id="bare" src="${new URL(url!, page.url()).href}" muted playsinline></video>`);
  const bareFirst = await bare.evaluate(async () => {
    const video = document.querySelector<HTMLVideoElement>('#bare')!;
    const started = performance.now();
    await video.play();
    // As measured in the product: the first frame shown with the media under way.
    await new Promise<void>((resolve) => {
      const onFrame = () => (video.currentTime > 0 ? resolve() : video.requestVideoFrameCallback(onFrame));
      video.requestVideoFrameCallback(onFrame);
    });
    const took = performance.now() - started;
    video.pause();
    return took;
  });
  const bareSeeks = await seekTimes(bare, '#bare');
  await bare.close();
  return {
    recorded_first_frame_ms: round(shown - pressed, 0),
    recorded_seek_ms: round(median(seeks), 1),
    baseline_recorded_first_frame_ms: round(bareFirst, 0),
    baseline_recorded_seek_ms: round(median(bareSeeks), 1),
  };
}

export async function run(): Promise<Record<string, number>> {
  const room = await openPlayerRoom('player');
  try {
    // The short part first; each part's figures are printed as soon as they are known.
    const recorded = await recordedFigures(room.player, room.page, room.organiserSession, room.view);
    console.log('bench player: recorded', JSON.stringify(recorded));
    const live = await liveFigures(room.source, room.player, room.page, room.organiserSession, room.view);
    return { ...live, ...recorded };
  } finally {
    await room.close();
  }
}
