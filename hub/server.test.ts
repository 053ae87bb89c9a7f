import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { keyedCardHash } from '../protocol/card-hash.ts';
import { generateStationKeys } from '../protocol/crypto.ts';
import { createEvent, GENESIS_HASH } from '../protocol/events.ts';
import { DEFAULT_RULE_SET } from '../protocol/hour-rules.ts';
import { HubClientError } from '../protocol/hub-client/errors.ts';
import { createHubClient, enrollStation, type MediaAnswer } from '../protocol/hub-client/hub-client.ts';
import { signRequest } from '../protocol/request-auth.ts';
import type { Learner, Lesson } from '../protocol/wire.ts';
import { PLAYABLE_LESSONS } from './demo/playable.ts';
import { generateDemoRoster } from './demo/roster.ts';
import { startHub } from './server.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function enroll(url: string, token: string) {
  const keys = generateStationKeys();
  const enrolled = await enrollStation({
    baseUrl: url,
    siteCode: 'DEMO',
    token,
    publicKey: keys.publicKey,
    name: 'test',
    appVersion: '0.1.0',
  });
  const client = clientOf(url, enrolled.stationId, keys.privateKey, enrolled.hubPublicKey);
  return { client, keys, enrolled };
}

function clientOf(baseUrl: string, stationId: string, privateKey: string, hubPublicKey: string) {
  return createHubClient({ baseUrl, stationId, privateKey, hubPublicKey });
}

/** A station's first event: a session closed, signed with its key. */
function firstEvent(station: { enrolled: { stationId: string }; keys: { privateKey: string } }) {
  return createEvent({
    stationId: station.enrolled.stationId,
    seq: 1,
    prevHash: GENESIS_HASH,
    type: 'session.closed',
    payload: { sessionId: 's' },
    wallTime: Date.now(),
    bootId: 'b',
    monoMs: 1,
    hubOffsetMs: 0,
    ruleVersion: 1,
    privateKey: station.keys.privateKey,
  });
}

async function bytesOf(answer: MediaAnswer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of answer.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('the demo hub starts fast with a small real catalogue: 16 categories, playable lessons, a hashed roster, a schedule', async (t) => {
  const started = performance.now();
  const hub = await startHub({ dataDir: tempDir() });
  const startMs = performance.now() - started;
  t.after(() => hub.close());
  assert.ok(startMs < 3000, `started in ${startMs.toFixed(0)} ms`);
  assert.match(hub.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);

  const { client, enrolled } = await enroll(hub.url, hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
  assert.equal((await client.pull('categories')).items.length, 16);
  const courses = (await client.pull('courses', undefined, 1000)).items;
  assert.ok(courses.length >= 24 && courses.length <= 100, `${courses.length} courses`);
  const lessons = (await client.pull('lessons', undefined, 1000)).items.map((i) => i.data as Lesson);
  const playable = lessons.filter((l) => l.media !== null);
  assert.deepEqual(playable.map((l) => l.media!.sha256).sort(), PLAYABLE_LESSONS.map((l) => l.sha256).sort());
  for (const lesson of playable.slice(0, 2)) {
    const media = await bytesOf(await client.media(lesson.media!.sha256));
    assert.equal(crypto.createHash('sha256').update(media).digest('hex'), lesson.media!.sha256);
  }

  const roster = (await client.pull('roster')).items.map((i) => i.data as Learner);
  const demo = generateDemoRoster();
  assert.equal(roster.length, demo.length);
  const first = demo[0]!;
  assert.equal(
    roster.find((l) => l.id === first.id)!.cardHash,
    keyedCardHash(enrolled.cardHashKey, first.cardNumber),
    'a station hashes a tapped card to the roster entry',
  );
  assert.ok(!JSON.stringify(roster).includes(first.cardNumber));
  assert.ok((await client.pull('schedule')).items.length >= 5);
});

test('state survives a restart: acknowledgements, revocations and used nonces', async (t) => {
  const dataDir = tempDir();
  let hub = await startHub({ dataDir, demo: true });
  const token = hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token;
  const revokedToken = hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token;
  const { client, keys, enrolled } = await enroll(hub.url, token);
  const revoked = await enroll(hub.url, revokedToken);
  hub.admin.revokeStation(revoked.enrolled.stationId);
  const event = firstEvent({ enrolled, keys });
  assert.equal((await client.push([event])).ackSeq, 1);
  const headers = signRequest({
    method: 'GET',
    path: '/v1/streams/rules',
    privateKey: keys.privateKey,
    stationId: enrolled.stationId,
    now: Date.now(),
  });
  assert.equal((await fetch(new URL('/v1/streams/rules', hub.url), { headers })).status, 200);
  await hub.close();

  hub = await startHub({ dataDir, demo: true, port: 0 });
  t.after(() => hub.close());
  const again = clientOf(hub.url, enrolled.stationId, keys.privateKey, enrolled.hubPublicKey);
  assert.deepEqual(await again.push([event]), {
    ackSeq: 1,
    accepted: 0,
    duplicates: 1,
    conflicts: [],
    flagged: [],
    rejected: [],
  });
  const replay = await fetch(new URL('/v1/streams/rules', hub.url), { headers });
  assert.equal(((await replay.json()) as { code: string }).code, 'auth_replayed_nonce');
  const revokedAgain = clientOf(
    hub.url,
    revoked.enrolled.stationId,
    revoked.keys.privateKey,
    revoked.enrolled.hubPublicKey,
  );
  await assert.rejects(
    revokedAgain.pull('courses'),
    (error: unknown) => error instanceof HubClientError && error.code === 'station_revoked',
  );
  assert.equal((await again.pull('categories')).items.length, 16, 'the demo is not seeded twice');
});

test('rule versions only go up, and the hub uses an injected clock for timestamps and time answers', async (t) => {
  const fixed = Date.UTC(2027, 0, 1);
  const hub = await startHub({ dataDir: tempDir(), now: () => fixed });
  t.after(() => hub.close());
  assert.throws(() => hub.admin.publishRuleVersion(DEFAULT_RULE_SET), /not above/);
  assert.deepEqual(hub.admin.publishRuleVersion({ ...DEFAULT_RULE_SET, version: 2, minAttendanceRatio: 0.9 }), {
    version: 2,
  });
  assert.deepEqual(await (await fetch(new URL('/v1/time', hub.url))).json(), { hubTime: fixed });
  const { client, enrolled } = await enroll(hub.url, hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
  assert.equal(enrolled.rules.version, 2);
  assert.equal(
    (await client.pull('rules')).items.length,
    2,
    'stations also get the older version, for events that name it',
  );
});

test('HEAD on media answers the headers of the GET without the body', async (t) => {
  const hub = await startHub({ dataDir: tempDir() });
  t.after(() => hub.close());
  const { client } = await enroll(hub.url, hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
  const lesson = PLAYABLE_LESSONS[0]!;
  const head = await client.media(lesson.sha256, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.contentLength, lesson.size);
  assert.equal((await bytesOf(head)).length, 0);
  // A refusal to a HEAD is signed over the empty body it arrives with (so it is trusted).
  await assert.rejects(
    client.media('0'.repeat(64), { method: 'HEAD' }),
    (error: unknown) => error instanceof HubClientError && error.kind === 'refused' && error.status === 404,
  );
});

test('published lessons import their media file, content-addressed, and refuse media the hub does not hold', async (t) => {
  const dataDir = tempDir();
  const hub = await startHub({ dataDir, demo: true });
  t.after(() => hub.close());
  const source = path.join(dataDir, 'new-lesson.mp4');
  fs.copyFileSync(PLAYABLE_LESSONS[1]!.file, source);
  const base = { courseId: 'course-0001', title: '新课', teacher: '王老师', summary: '新', durationSec: 2700, sort: 9 };
  await hub.admin.publishCatalogChanges({ lessons: [{ ...base, id: 'new-lesson', media: { file: source } }] });
  assert.ok(fs.existsSync(path.join(dataDir, 'media', PLAYABLE_LESSONS[1]!.sha256)));
  await assert.rejects(
    hub.admin.publishCatalogChanges({ lessons: [{ ...base, id: 'ghost', media: { sha256: 'e'.repeat(64) } }] }),
    /holds no media/,
  );
  const { client } = await enroll(hub.url, hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
  const lesson = (await client.pull('lessons', undefined, 1000)).items.find((i) => i.id === 'new-lesson')!
    .data as Lesson;
  assert.deepEqual(lesson.media, {
    sha256: PLAYABLE_LESSONS[1]!.sha256,
    size: PLAYABLE_LESSONS[1]!.size,
    type: 'video/mp4',
  });
  assert.equal(lesson.creditHours, 1, '45 minutes: under the default rules, one hour');
});

test('the demo live channel streams MPEG-TS from the hub, or says live_unavailable without ffmpeg', async (t) => {
  const hub = await startHub({ dataDir: tempDir() });
  t.after(() => hub.close());
  const { client } = await enroll(hub.url, hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
  const [channel] = (await client.pull('live_channels')).items.map((i) => i.data as { url: string; format: string });
  assert.equal(channel!.format, 'ts');
  const controller = new AbortController();
  const response = await fetch(new URL(channel!.url, hub.url), { signal: controller.signal });
  if (response.status === 503) {
    assert.equal(((await response.json()) as { code: string }).code, 'live_unavailable');
    return;
  }
  assert.equal(response.headers.get('content-type'), 'video/mp2t');
  const reader = response.body!.getReader();
  const { value } = await reader.read();
  controller.abort();
  assert.equal(value![0], 0x47, 'an MPEG-TS sync byte');
});

test('a hub without the demo starts empty; it refuses to enroll until rules are published, without using up the token', async (t) => {
  const hub = await startHub({ dataDir: tempDir(), demo: false });
  t.after(() => hub.close());
  hub.admin.createSite({ code: 'QS', name: '青山县委党校' });
  const { token } = hub.admin.createEnrollmentToken({ siteCode: 'QS' });
  const keys = generateStationKeys();
  const request = {
    baseUrl: hub.url,
    siteCode: 'QS',
    token,
    publicKey: keys.publicKey,
    name: '一号教室',
    appVersion: '0.1.0',
  };
  await assert.rejects(
    enrollStation(request),
    (error: unknown) => error instanceof HubClientError && error.code === 'internal' && /rule set/.test(error.message),
  );
  hub.admin.publishRuleVersion(DEFAULT_RULE_SET);
  const enrolled = await enrollStation(request);
  assert.equal(enrolled.siteCode, 'QS');
  const client = clientOf(hub.url, enrolled.stationId, keys.privateKey, enrolled.hubPublicKey);
  assert.deepEqual((await client.pull('courses')).items, []);
});

test("a demo hub restarted a week later adds that week's classes and keeps the earlier ones", async () => {
  const dataDir = tempDir();
  let clock = Date.UTC(2026, 10, 23, 2);
  const first = await startHub({ dataDir, now: () => clock });
  await first.close();
  clock += 7 * 86_400_000;
  const hub = await startHub({ dataDir, now: () => clock });
  try {
    const { client } = await enroll(hub.url, hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token);
    const dates = (await client.pull('schedule')).items.map((i) => (i.data as { date: string }).date).sort();
    assert.equal(dates[0]! < '2026-11-30', true);
    assert.ok(
      dates.some((d) => d >= '2026-11-30' && d <= '2026-12-06'),
      dates.join(','),
    );
  } finally {
    await hub.close();
  }
});

test('admission control: beyond the pushes the hub works on, 503 hub_busy and 429 station_busy, signed, with Retry-After', async (t) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let pushes = 0;
  const hub = await startHub({
    dataDir: tempDir(),
    maxConcurrentPushes: 1,
    pushQueue: { max: 0 },
    // The first push is held inside the hub until the test lets it go.
    beforeStationRequest: (route) => (route === 'push' && (pushes += 1) === 1 ? held : undefined),
  });
  t.after(() => hub.close());
  const token = () => hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token;
  const first = await enroll(hub.url, token());
  const second = await enroll(hub.url, token());
  const eventOf = firstEvent;
  const inProgress = first.client.push([eventOf(first)]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await assert.rejects(
    second.client.push([eventOf(second)]),
    (error: unknown) =>
      error instanceof HubClientError &&
      error.code === 'hub_busy' &&
      error.status === 503 &&
      error.retryable &&
      error.retryAfterMs !== null &&
      error.retryAfterMs >= 2000,
  );
  await assert.rejects(
    first.client.push([eventOf(first)]),
    (error: unknown) =>
      error instanceof HubClientError &&
      error.code === 'station_busy' &&
      error.retryable &&
      error.retryAfterMs === 1000,
  );
  const beat = await second.client.heartbeat({
    appVersion: '0.1.0',
    clock: Date.now(),
    uptimeSec: 1,
    disk: { freeBytes: 1, totalBytes: 2 },
    devices: [],
    pending: { events: 1, media: 0 },
  });
  assert.equal(beat.ackSeq, 0, 'a heartbeat is answered while pushes wait');
  release();
  assert.equal((await inProgress).ackSeq, 1);
  assert.equal((await second.client.push([eventOf(second)])).ackSeq, 1, 'the turn is free again');
});
