// Steps the player's end-to-end tests share: the organiser unlocking the class screen,
// opening a class, and the projector window opened beside it.
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { DEMO_ORGANISER_PIN } from '../../hub/demo/roster.ts';
import type { PlayerStation } from '../support/player-station.ts';

/**
 * The roster's organiser taps their card on the reader and enters their own PIN; a class is
 * opened by hand. Returns an organiser session from the same tap, for the test's own calls.
 */
export async function openClassAsOrganiser(page: Page, player: PlayerStation, title: string): Promise<string> {
  // The station has pulled the hub's roster and live channels once.
  await expect
    .poll(async () => (await player.invoke<{ lastSuccessAt: string | null }>('sync.status')).lastSuccessAt, {
      timeout: 30_000,
    })
    .not.toBeNull();
  await page.goto(player.station.url);
  await page.getByTestId('nav-organiser').click();
  await expect(page.getByTestId('organiser-card')).toHaveText('请在读卡器上刷您的管理员卡');
  const { tapId } = await player.tapOrganiserCard();
  await expect(page.getByTestId('organiser-card')).toContainText('请输入您的 PIN');
  await page.getByTestId('organiser-pin').fill(DEMO_ORGANISER_PIN);
  await page.getByTestId('pin-submit').click();
  await page.getByTestId('class-title').fill(title);
  await page.getByTestId('create-class-submit').click();
  await expect(page.getByTestId('attendance-title')).toHaveText(title);
  await expect(page.getByTestId('playlist-panel')).toBeVisible();
  return player.unlockOrganiser(tapId);
}

/** The projector window, as the organiser opens it in the browser shell; resolves once it holds the projector. */
export async function openProjectorWindow(context: BrowserContext, audienceUrl: string): Promise<Page> {
  const audience = await context.newPage();
  await audience.goto(audienceUrl);
  await expect(audience.getByTestId('audience')).toHaveAttribute('data-holder', 'yes', { timeout: 10_000 });
  return audience;
}

/** Records every change of the live stage's slate in the page, with the wall time it happened. */
export async function recordSlates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: { slate: string; at: number }[] = [];
    (window as unknown as { slates: typeof seen }).slates = seen;
    let last = '';
    const look = () => {
      const stage = document.querySelector<HTMLElement>('[data-testid="live-stage"]');
      const slate = stage?.dataset.slate ?? 'gone';
      if (slate !== last) {
        last = slate;
        seen.push({ slate, at: Date.now() });
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
    look();
  });
}

export async function slates(page: Page): Promise<{ slate: string; at: number }[]> {
  return page.evaluate(() => (window as unknown as { slates: { slate: string; at: number }[] }).slates);
}

/** When the picture moved again after `since` (wall ms): the first 'none' after a slate. */
export async function recoveredAt(page: Page, since: number, timeoutMs: number): Promise<number> {
  await expect
    .poll(
      async () => {
        const list = (await slates(page)).filter((entry) => entry.at >= since);
        const broke = list.findIndex((entry) => entry.slate !== 'none');
        return broke !== -1 && list.slice(broke).some((entry) => entry.slate === 'none');
      },
      { timeout: timeoutMs, intervals: [100] },
    )
    .toBe(true);
  const list = (await slates(page)).filter((entry) => entry.at >= since);
  const broke = list.findIndex((entry) => entry.slate !== 'none');
  return list.slice(broke).find((entry) => entry.slate === 'none')!.at;
}
