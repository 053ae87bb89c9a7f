// A classroom for the player's suites (player, soak): the test live source, a browser-shell
// station provisioned to a reference hub, an organiser's class whose playlist holds the live
// channel, and the projector window in Debian's Chromium, watched from inside the page: the
// frames it shows and every change of the live slate, with their times.
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';
import { startLiveSource, type LiveSource } from '../../test/support/live-source.ts';
import { FAULT_CHANNELS, startPlayerStation, type PlayerStation } from '../../test/support/player-station.ts';
import { removeFolder, runFolder } from '../support/disk.ts';

export type View = { sessionId: string; items: { key: string; kind: string; id: string }[] };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench player: ${what} did not happen within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * In the projector window: the wall time of the first frame shown after `since` by the stage's
 * video (requestVideoFrameCallback, so it is the frame on screen, not the data arriving), and
 * every change of the live slate with its time.
 */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Watch = { frameAfter: number; frameAt: number | null; slates: { slate: string; at: number }[] };
    const watch: Watch = { frameAfter: Number.POSITIVE_INFINITY, frameAt: null, slates: [] };
    (window as unknown as { benchWatch: Watch }).benchWatch = watch;
    const hooked = new WeakSet<HTMLVideoElement>();
    let lastSlate = '';
    const look = () => {
      const stage = document.querySelector<HTMLElement>('[data-testid="live-stage"]');
      const slate = stage?.dataset.slate ?? 'gone';
      if (slate !== lastSlate) {
        lastSlate = slate;
        watch.slates.push({ slate, at: Date.now() });
      }
      for (const video of document.querySelectorAll<HTMLVideoElement>('video')) {
        if (hooked.has(video)) continue;
        hooked.add(video);
        const onFrame = () => {
          const now = Date.now();
          if (watch.frameAt === null && now >= watch.frameAfter && video.currentTime > 0) watch.frameAt = now;
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
    look();
  });
}

export const armFrame = (page: Page, since: number) =>
  page.evaluate((at) => {
    const watch = (window as unknown as { benchWatch: { frameAfter: number; frameAt: number | null } }).benchWatch;
    watch.frameAfter = at;
    watch.frameAt = null;
  }, since);
export const frameAt = (page: Page) =>
  page.evaluate(() => (window as unknown as { benchWatch: { frameAt: number | null } }).benchWatch.frameAt);
export const slates = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { benchWatch: { slates: { slate: string; at: number }[] } }).benchWatch.slates,
  );

/** Milliseconds on a slate (anything but a moving picture) between `from` and `to`. */
export async function slateMs(page: Page, from: number, to: number): Promise<number> {
  const list = await slates(page);
  let total = 0;
  for (let i = 0; i < list.length; i += 1) {
    if (list[i]!.slate === 'none') continue;
    const start = Math.max(list[i]!.at, from);
    const end = Math.min(list[i + 1]?.at ?? to, to);
    if (end > start) total += end - start;
  }
  return total;
}

export type PlayerRoom = {
  source: LiveSource;
  player: PlayerStation;
  /** The projector window, instrumented. */
  page: Page;
  organiserSession: string;
  view: View;
  /** The organiser's playlist control on the class screen. */
  control(action: string, itemKey?: string): Promise<unknown>;
  close(): Promise<void>;
};

export async function openPlayerRoom(label: string): Promise<PlayerRoom> {
  const folder = runFolder(label);
  const source = await startLiveSource();
  const player = await startPlayerStation(source, folder);
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await player.stop();
    await source.close();
    removeFolder(folder);
  };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await until('the first sync', 60_000, async () =>
      (await player.invoke<{ lastSuccessAt: string | null }>('sync.status')).lastSuccessAt !== null ? true : null,
    );
    const { tapId } = await player.tapOrganiserCard();
    const organiserSession = await player.unlockOrganiser(tapId);
    const { sessionId } = await player.invoke<{ sessionId: string }>('organiser.createClass', {
      organiserSession,
      title: '放映性能测试班',
    });
    const view = await player.invoke<View>('playlist.edit', {
      organiserSession,
      sessionId,
      edit: { action: 'addLive', channelId: FAULT_CHANNELS.ts.id },
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(player.audienceUrl);
    await until('the projector window holding the projector', 15_000, async () =>
      (await page.getByTestId('audience').getAttribute('data-holder')) === 'yes' ? true : null,
    );
    await instrument(page);
    const control = (action: string, itemKey?: string) =>
      player.invoke('playlist.control', { organiserSession, sessionId: view.sessionId, action, itemKey });
    return { source, player, page, organiserSession, view, control, close };
  } catch (error) {
    await close();
    throw error;
  }
}
