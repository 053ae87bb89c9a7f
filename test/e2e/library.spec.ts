// The offline library in Chromium against the real browser shell and its embedded demo hub:
// search a course, download a lesson, play it and seek.
import fs from 'node:fs';
import path from 'node:path';
import { expect, SCREENS, test } from './station-fixture.ts';

test('the technician page shows the demo hub and what was synced from it', async ({ page, station }) => {
  await page.goto(station.url);
  await page.getByTestId('nav-technician').click();
  await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 15_000 });
  await expect(page.getByTestId('sync-counts')).toContainText('门课程');
  await expect(page.getByTestId('station-id')).not.toContainText('未配置');
});

test('search a course, download a lesson, play it and seek', async ({ page, station }) => {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.goto(station.url);
  await page.getByTestId('nav-technician').click();
  await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 15_000 });
  await page.getByTestId('nav-library').click();

  // Search as you type; two characters must work although the index is trigram-based.
  await page.getByTestId('library-search').fill('党史');
  const hit = page.getByTestId('search-hit').filter({ hasText: '中国共产党党史专题' }).first();
  await expect(hit).toBeVisible();
  await page.screenshot({ path: path.join(SCREENS, 'library-search.png') });
  await hit.click();

  await expect(page.getByTestId('course-title')).toContainText('中国共产党党史专题');
  // Lessons on the coming days' classes were fetched ahead without anyone asking.
  await expect(
    page
      .getByTestId('lesson-row')
      .filter({ has: page.locator('[data-state="ready"]') })
      .first(),
  ).toBeVisible({ timeout: 20_000 });
  // The first lesson is on no class: it downloads when asked.
  const lesson = page.getByTestId('lesson-row').first();
  await lesson.getByTestId('lesson-download').click();
  await expect(lesson.getByTestId('media-state')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await page.screenshot({ path: path.join(SCREENS, 'course-lesson-ready.png') });

  await lesson.getByTestId('lesson-play').click();
  const video = page.getByTestId('player-video');
  await expect(video).toBeVisible();
  // It really plays: time advances.
  await expect
    .poll(async () => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  const duration = await video.evaluate((element: HTMLVideoElement) => element.duration);
  expect(duration).toBeGreaterThan(5);

  // Seek: the server answers a Range request and playback resumes from there.
  await video.evaluate((element: HTMLVideoElement) => {
    element.currentTime = element.duration - 3;
  });
  await expect
    .poll(async () => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(duration - 3);
  await expect.poll(async () => video.evaluate((element: HTMLVideoElement) => element.seeking)).toBe(false);
  await page.screenshot({ path: path.join(SCREENS, 'player-after-seek.png') });
  const stats = await video.evaluate((element: HTMLVideoElement) => ({
    error: element.error?.code ?? null,
    readyState: element.readyState,
  }));
  expect(stats.error).toBeNull();
  expect(stats.readyState).toBeGreaterThanOrEqual(2);
});
