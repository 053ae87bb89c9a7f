// The class playlist and the projector through the real router: what the organiser does on
// the class screen, what the projector window is told to show, and what its player's
// signals leave in the ledger (playback segments) and the playback log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OnAirView, PlaybackLogDay, PlaylistView } from '../../preload/contract/channels.ts';
import { readEvents } from '../ledger/ledger.ts';
import { PROJECTOR_LEASE_MS } from './projector-service.ts';
import { CHANNEL, LESSONS, openProjectorHarness, type ProjectorHarness } from './test-projector.ts';

const SCREEN = 'projector-window-1';
const PRESENTER = 'presenter-inline-1';

function segments(h: ProjectorHarness, sessionId: string) {
  return readEvents(h.classroom.db, { sessionId })
    .filter((event) => event.type === 'playback.segment')
    .map((event) => {
      const p = event.payload as {
        lessonId: string | null;
        channelId: string | null;
        startMonoMs: number;
        endMonoMs: number;
      };
      return { source: p.lessonId ?? p.channelId, ms: p.endMonoMs - p.startMonoMs };
    });
}

function logOf(h: ProjectorHarness, sessionId: string): string[] {
  return (
    h.classroom.db
      .prepare('SELECT signal, source_kind FROM playback_log WHERE session_id = ? ORDER BY n')
      .all(sessionId) as { signal: string; source_kind: string }[]
  ).map((row) => `${row.source_kind}:${row.signal}`);
}

async function control(h: ProjectorHarness, sessionId: string, action: string, itemKey?: string) {
  return h.value<PlaylistView>('playlist.control', { organiserSession: h.organiser, sessionId, action, itemKey });
}

/** One second of a player showing `mediaS`. */
async function tick(h: ProjectorHarness, sessionId: string, itemKey: string, mediaS: number, surfaceId = SCREEN) {
  h.clock.advance(1000);
  return h.value<{ recorded: boolean }>('projector.signal', {
    sessionId,
    itemKey,
    surfaceId,
    signal: { kind: 'timeupdate', mediaS },
  });
}

async function send(
  h: ProjectorHarness,
  sessionId: string,
  itemKey: string,
  signal: Record<string, unknown>,
  surfaceId = SCREEN,
) {
  return h.value<{ recorded: boolean }>('projector.signal', { sessionId, itemKey, surfaceId, signal });
}

test("a class's playlist is its plan's lessons; the organiser starts it and the projector is told what to play", async (t) => {
  const h = await openProjectorHarness(t);
  assert.deepEqual(await h.value<OnAirView>('projector.now', {}), {
    sessionId: null,
    classTitle: null,
    state: 'idle',
    item: null,
    next: null,
    surface: null,
  });
  const sessionId = await h.openClass();
  const view = await h.value<PlaylistView>('playlist.view', { organiserSession: h.organiser, sessionId });
  assert.deepEqual(
    view.items.map((item) => [item.title, item.durationSec, item.problem]),
    [
      ['第1讲', 600, null],
      ['第2讲', 300, null],
    ],
  );
  assert.deepEqual([view.state, view.current, view.onAir, view.playedMinutes], ['stopped', 0, false, 0]);

  const started = await control(h, sessionId, 'play');
  assert.deepEqual([started.state, started.onAir], ['playing', true]);
  const now = await h.value<OnAirView>('projector.now', {});
  assert.deepEqual(now.item, {
    key: view.items[0]!.key,
    kind: 'lesson',
    id: LESSONS.one.id,
    title: '第1讲',
    url: `/media/${LESSONS.one.sha256}`,
    positionS: 0,
  });
  assert.deepEqual([now.classTitle, now.state, now.next], ['县处级干部专题培训班', 'playing', '第2讲']);
  const published = h.events.filter((e) => e.event === 'projector.changed').at(-1)?.payload as OnAirView;
  assert.deepEqual(published, now, 'every window heard it');
  // An organiser session is needed to change anything.
  assert.deepEqual(
    await h.value('playlist.control', { organiserSession: 'x'.repeat(43), sessionId, action: 'pause' }),
    { refused: 'organiser_session_expired' },
  );
});

test('a lesson plays to its end on the projector, the next one follows by itself, and only played time counts', async (t) => {
  const h = await openProjectorHarness(t);
  const sessionId = await h.openClass();
  const { items } = await control(h, sessionId, 'play');
  const [first, second] = [items[0]!.key, items[1]!.key];
  assert.deepEqual(await send(h, sessionId, first, { kind: 'play', mediaS: 0 }), { recorded: true });
  for (let s = 1; s <= 30; s += 1) await tick(h, sessionId, first, s);
  // Seek forward 8 minutes: not watched.
  await send(h, sessionId, first, { kind: 'seeking', mediaS: 510 });
  await send(h, sessionId, first, { kind: 'seeked', mediaS: 510 });
  for (let s = 511; s <= 600; s += 1) await tick(h, sessionId, first, s);
  await send(h, sessionId, first, { kind: 'ended', mediaS: 600 });

  const now = await h.value<OnAirView>('projector.now', {});
  assert.equal(now.item?.key, second, 'the next lesson is on the projector');
  assert.equal(now.state, 'playing');
  // A late timeupdate of the first lesson counts for nothing.
  assert.deepEqual(await tick(h, sessionId, first, 600), { recorded: false });
  await send(h, sessionId, second, { kind: 'play', mediaS: 0 });
  for (let s = 1; s <= 60; s += 1) await tick(h, sessionId, second, s);
  await control(h, sessionId, 'pause');

  assert.deepEqual(
    segments(h, sessionId).reduce<Record<string, number>>(
      (sum, s) => ({ ...sum, [s.source!]: (sum[s.source!] ?? 0) + s.ms }),
      {},
    ),
    { [LESSONS.one.id]: 120_000, [LESSONS.two.id]: 60_000 },
    '30 s, then 90 s after the seek; then a minute of the second',
  );
  assert.deepEqual(
    logOf(h, sessionId),
    ['lesson:play', 'lesson:seeking', 'lesson:seeked', 'lesson:ended', 'lesson:play', 'lesson:pause'],
    "the organiser's pause is in the log, where the lesson stood",
  );
  const view = await h.value<PlaylistView>('playlist.view', { organiserSession: h.organiser, sessionId });
  assert.deepEqual([view.state, view.current, view.playedMinutes], ['paused', 1, 3]);
  assert.equal(view.positionS, 60, 'where the second lesson stands, for whoever shows it next');
});

test('live, then the recordings: an outage is a logged stall and earns nothing; the organiser moves on', async (t) => {
  const h = await openProjectorHarness(t);
  const sessionId = await h.openClass();
  const withLive = await h.value<PlaylistView>('playlist.edit', {
    organiserSession: h.organiser,
    sessionId,
    edit: { action: 'addLive', channelId: CHANNEL.id },
  });
  assert.deepEqual(
    withLive.items.map((item) => item.kind),
    ['live', 'lesson', 'lesson'],
  );
  const liveKey = withLive.items[0]!.key;
  await control(h, sessionId, 'play');
  const now = await h.value<OnAirView>('projector.now', {});
  assert.deepEqual(now.item, {
    key: liveKey,
    kind: 'live',
    id: CHANNEL.id,
    title: CHANNEL.name,
    channel: {
      id: CHANNEL.id,
      name: CHANNEL.name,
      url: '/media/live/live-1',
      format: 'flv',
      hasAudio: true,
      hasVideo: true,
    },
  });
  await send(h, sessionId, liveKey, { kind: 'play', mediaS: 0 });
  for (let s = 1; s <= 20; s += 1) await tick(h, sessionId, liveKey, s);
  // The connection broke: 12 s without a picture, then the player is back (its media time
  // goes on from where it stopped).
  await send(h, sessionId, liveKey, { kind: 'stalled', mediaS: 20, reason: 'network' });
  h.clock.advance(12_000);
  await send(h, sessionId, liveKey, { kind: 'resumed', mediaS: 20 });
  for (let s = 21; s <= 40; s += 1) await tick(h, sessionId, liveKey, s);
  const next = await control(h, sessionId, 'next');
  assert.equal(next.items[next.current!]!.kind, 'lesson');

  assert.deepEqual(
    segments(h, sessionId).map((s) => [s.source, s.ms]),
    [
      [CHANNEL.id, 20_000],
      [CHANNEL.id, 20_000],
    ],
    'the 12 s outage is not in it',
  );
  assert.deepEqual(
    logOf(h, sessionId),
    ['live:play', 'live:stalled network', 'live:resumed', 'live:pause'],
    'moving on stops the live channel',
  );
  assert.equal(
    (await h.value<PlaylistView>('playlist.view', { organiserSession: h.organiser, sessionId })).playedMinutes,
    0,
    '40 s is not a whole minute yet',
  );
});

test('one window plays: a projector window showing holds it; without one the presenter plays; the lease runs out', async (t) => {
  const h = await openProjectorHarness(t);
  const sessionId = await h.openClass();
  const { items } = await control(h, sessionId, 'play');
  const key = items[0]!.key;
  assert.deepEqual(await send(h, sessionId, key, { kind: 'play', mediaS: 0 }, PRESENTER), { recorded: true });
  assert.deepEqual(await h.value('projector.present', { surfaceId: SCREEN, showing: true }), {
    leaseMs: PROJECTOR_LEASE_MS,
  });
  assert.equal((await h.value<OnAirView>('projector.now', {})).surface, SCREEN);
  assert.deepEqual(await tick(h, sessionId, key, 1, PRESENTER), { recorded: false }, 'the presenter stops counting');
  assert.deepEqual(await send(h, sessionId, key, { kind: 'play', mediaS: 1 }), { recorded: true });
  assert.ok((await h.value<PlaylistView>('playlist.view', { organiserSession: h.organiser, sessionId })).projector);

  // The window stops saying so (closed, crashed): after the lease the presenter plays again.
  h.clock.advance(PROJECTOR_LEASE_MS + 1);
  h.projector.checkLeases();
  const now = await h.value<OnAirView>('projector.now', {});
  assert.equal(now.surface, null);
  assert.equal(
    (h.events.filter((e) => e.event === 'projector.changed').at(-1)?.payload as OnAirView).surface,
    null,
    'and every window heard it',
  );
  await h.value('projector.present', { surfaceId: SCREEN, showing: true });
  await h.value('projector.present', { surfaceId: SCREEN, showing: false });
  assert.equal((await h.value<OnAirView>('projector.now', {})).surface, null, 'a window that closes says so');
  await control(h, sessionId, 'pause');
});

test('one class on air: starting another pauses the first; closing the class leaves the projector idle', async (t) => {
  const h = await openProjectorHarness(t);
  const morning = await h.openClass('上午班');
  const { items } = await control(h, morning, 'play');
  await send(h, morning, items[0]!.key, { kind: 'play', mediaS: 0 });
  for (let s = 1; s <= 10; s += 1) await tick(h, morning, items[0]!.key, s);
  const afternoon = await h.openClass('下午班', [LESSONS.two.id]);
  await control(h, afternoon, 'play');
  const first = await h.value<PlaylistView>('playlist.view', { organiserSession: h.organiser, sessionId: morning });
  assert.deepEqual([first.state, first.onAir], ['paused', false]);
  assert.deepEqual(
    segments(h, morning).map((s) => s.ms),
    [10_000],
    'what the first played is recorded when it leaves the projector',
  );
  assert.equal((await h.value<OnAirView>('projector.now', {})).classTitle, '下午班');
  await h.value('organiser.closeClass', { organiserSession: h.organiser, sessionId: afternoon });
  assert.equal((await h.value<OnAirView>('projector.now', {})).classTitle, '上午班', 'the paused one is back on air');
  await h.value('organiser.closeClass', { organiserSession: h.organiser, sessionId: morning });
  assert.equal((await h.value<OnAirView>('projector.now', {})).state, 'idle');
  assert.equal(
    (h.events.filter((e) => e.event === 'projector.changed').at(-1)?.payload as OnAirView).state,
    'idle',
    'windows hear the class closed',
  );
  assert.deepEqual(
    await h.value('playlist.control', { organiserSession: h.organiser, sessionId: morning, action: 'play' }),
    { refused: 'session_closed' },
  );
});

test('the playlist is edited with refusals a person can act on; cached lessons and live channels are offered', async (t) => {
  const h = await openProjectorHarness(t);
  const sessionId = await h.openClass('临时班', []);
  const edit = (e: Record<string, unknown>) =>
    h.value<PlaylistView & { refused?: string }>('playlist.edit', {
      organiserSession: h.organiser,
      sessionId,
      edit: e,
    });
  assert.deepEqual(await control(h, sessionId, 'play'), { refused: 'playlist_empty' });
  assert.deepEqual(await edit({ action: 'addLesson', lessonId: 'no-such' }), { refused: 'no_such_lesson' });
  assert.deepEqual(await edit({ action: 'addLive', channelId: 'no-such' }), { refused: 'no_such_channel' });
  const added = await edit({ action: 'addLesson', lessonId: LESSONS.away.id });
  assert.deepEqual(
    added.items.map((item) => item.problem),
    ['not_cached'],
    'a lesson not downloaded yet is listed with why it cannot play',
  );
  await edit({ action: 'addLesson', lessonId: LESSONS.one.id });
  const playing = await control(h, sessionId, 'playItem', added.items[0]!.key);
  const onProjector = (await h.value<OnAirView>('projector.now', {})).item;
  assert.equal(onProjector?.kind === 'lesson' && onProjector.url, null, 'the projector is told there is no file');
  assert.deepEqual(await edit({ action: 'remove', itemKey: playing.items[0]!.key }), {
    refused: 'playlist_item_playing',
  });
  assert.deepEqual(
    (await h.call('playlist.control', { organiserSession: h.organiser, sessionId, action: 'playItem' })).ok,
    false,
    'playItem without an item is invalid input',
  );
  // The plan follows the playlist's lessons (the home screen's lecturer comes from it).
  const plan = h.classroom.db.prepare('SELECT lesson_ids FROM session_plans WHERE session_id = ?').get(sessionId) as {
    lesson_ids: string;
  };
  assert.deepEqual(JSON.parse(plan.lesson_ids), [LESSONS.away.id, LESSONS.one.id]);
  const choices = await h.value<{ lessons: { id: string }[]; channels: { id: string }[] }>('playlist.choices', {
    organiserSession: h.organiser,
  });
  assert.deepEqual(
    choices.lessons.map((l) => l.id),
    [LESSONS.one.id, LESSONS.two.id],
    'only what is cached here',
  );
  assert.deepEqual(
    choices.channels.map((c) => c.id),
    [CHANNEL.id],
  );
});

test("the day's playback log: every signal in order with its cause, per source the outages and the minutes really played", async (t) => {
  const h = await openProjectorHarness(t);
  const sessionId = await h.openClass('节目记录测试班');
  const view = await h.value<PlaylistView>('playlist.edit', {
    organiserSession: h.organiser,
    sessionId,
    edit: { action: 'addLive', channelId: CHANNEL.id },
  });
  const [liveKey, lessonKey] = [view.items[0]!.key, view.items[1]!.key];
  await control(h, sessionId, 'play');
  await send(h, sessionId, liveKey, { kind: 'play', mediaS: 0 });
  for (let s = 1; s <= 90; s += 1) await tick(h, sessionId, liveKey, s);
  await send(h, sessionId, liveKey, { kind: 'stalled', mediaS: 90, reason: 'network' });
  h.clock.advance(30_000);
  await send(h, sessionId, liveKey, { kind: 'resumed', mediaS: 90 });
  for (let s = 91; s <= 150; s += 1) await tick(h, sessionId, liveKey, s);
  await control(h, sessionId, 'next');
  await send(h, sessionId, lessonKey, { kind: 'play', mediaS: 0 });
  for (let s = 1; s <= 30; s += 1) await tick(h, sessionId, lessonKey, s);
  await send(h, sessionId, lessonKey, { kind: 'seeking', mediaS: 400 });
  await send(h, sessionId, lessonKey, { kind: 'seeked', mediaS: 400 });
  for (let s = 401; s <= 460; s += 1) await tick(h, sessionId, lessonKey, s);
  await control(h, sessionId, 'pause');

  const { zoneOffsetMinutes } = await h.value<{ zoneOffsetMinutes: number }>('classroom.status', {});
  const day = (offsetDays: number) =>
    new Date(h.clock.wallTime() + zoneOffsetMinutes * 60_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const log = await h.value<PlaybackLogDay>('playbackLog.day', { organiserSession: h.organiser, date: day(0) });
  assert.deepEqual(
    log.rows.map((row) => [row.sourceTitle, row.signal, row.detail]),
    [
      [CHANNEL.name, 'play', null],
      [CHANNEL.name, 'stalled', 'network'],
      [CHANNEL.name, 'resumed', null],
      [CHANNEL.name, 'pause', null],
      [LESSONS.one.title, 'play', null],
      [LESSONS.one.title, 'seeking', null],
      [LESSONS.one.title, 'seeked', null],
      [LESSONS.one.title, 'pause', null],
    ],
  );
  assert.deepEqual(
    log.sources.map((source) => [source.sessionTitle, source.sourceTitle, source.stalls, source.playedMinutes]),
    [
      ['节目记录测试班', CHANNEL.name, 1, 2.5],
      ['节目记录测试班', LESSONS.one.title, 0, 1.5],
    ],
    '150 s of live without the 30 s outage; 30 s and a minute of the lesson, not the 370 s skipped',
  );
  const other = await h.value<PlaybackLogDay>('playbackLog.day', { organiserSession: h.organiser, date: day(1) });
  assert.deepEqual([other.rows, other.sources], [[], []], 'the next day played nothing');
});
