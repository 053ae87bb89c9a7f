import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generateStationKeys } from '../protocol/crypto.ts';
import { HubClientError } from '../protocol/hub-client/errors.ts';
import { createHubClient, enrollStation } from '../protocol/hub-client/hub-client.ts';
import { DEFAULT_RULE_SET } from '../protocol/hour-rules.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const admin = (...args: string[]) =>
  run(process.execPath, [path.join(here, 'admin-cli.ts'), ...args, '--data', dataDir]);

test('npm run hub prints its URL and a demo token; hub-admin creates sites and tokens, publishes rules, revokes, reports', async (t) => {
  const child = spawn(process.execPath, [path.join(here, 'cli.ts'), '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    child.kill('SIGTERM');
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Lectern hub: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match && output.includes('enrollment token')) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hub exited (${code}): ${output}`)));
  });
  assert.match(output, /Demo site DEMO: enrollment token [\w-]{43} /);

  assert.match((await admin('create-site', 'QS', '青山县委党校')).stdout, /Site QS/);
  const token = (await admin('create-token', 'QS')).stdout.split('\n')[0]!;
  const keys = generateStationKeys();
  const enrolled = await enrollStation({
    baseUrl: url,
    siteCode: 'QS',
    token,
    publicKey: keys.publicKey,
    name: '一号教室',
    appVersion: '0.1.0',
  });
  const client = createHubClient({
    baseUrl: url,
    stationId: enrolled.stationId,
    privateKey: keys.privateKey,
    hubPublicKey: enrolled.hubPublicKey,
  });
  assert.equal(enrolled.siteName, '青山县委党校');

  const rulesFile = path.join(dataDir, 'rules.json');
  fs.writeFileSync(rulesFile, JSON.stringify({ ...DEFAULT_RULE_SET, version: 2, unitMinutes: 45 }));
  assert.match((await admin('publish-rules', rulesFile)).stdout, /Rule version 2 published/);
  assert.equal((await client.pull('rules')).items.length, 2);

  const rosterFile = path.join(dataDir, 'roster.json');
  fs.writeFileSync(
    rosterFile,
    JSON.stringify({
      learners: [{ id: 'qs-1', name: '李四', unit: '青山县委办', level: 'county_division', cardNumber: '0012345678' }],
    }),
  );
  await admin('publish-roster', 'QS', rosterFile);
  assert.deepEqual(
    (await client.pull('roster')).items.map((i) => i.id),
    ['qs-1'],
  );
  const hours = JSON.parse(
    (await admin('hours', '--site', 'QS', '--from', '2026-01-01', '--to', '2026-12-31', '--json')).stdout,
  ) as { learners: { learnerId: string; target: number }[] };
  assert.deepEqual(
    hours.learners.map((l) => [l.learnerId, l.target]),
    [['qs-1', 50]],
  );

  const catalogFile = path.join(dataDir, 'catalog.json');
  const video = path.join(dataDir, 'lecture.mp4');
  fs.writeFileSync(video, Buffer.from('not really a video, but bytes with a hash'));
  fs.writeFileSync(
    catalogFile,
    JSON.stringify({
      courses: [
        {
          id: 'qs-course',
          categoryId: 'cat-01',
          title: '新课',
          teacher: '王老师',
          summary: '概要',
          creditHours: 1,
          updatedAt: '2026-11-28T00:00:00.000Z',
        },
      ],
      lessons: [
        {
          id: 'qs-lesson',
          courseId: 'qs-course',
          title: '第1讲',
          teacher: '王老师',
          summary: '概要',
          durationSec: 3600,
          sort: 1,
          media: { file: video },
        },
      ],
      delete: { courses: ['course-0002'] },
    }),
  );
  assert.match((await admin('publish-catalog', catalogFile)).stdout, /Published; catalogue rev \d+/);
  const lessons = (await client.pull('lessons', undefined, 1000)).items;
  const lesson = lessons.find((i) => i.id === 'qs-lesson')!.data as { media: { sha256: string; size: number } };
  const chunks: Buffer[] = [];
  for await (const chunk of (await client.media(lesson.media.sha256)).body) chunks.push(chunk);
  assert.equal(Buffer.concat(chunks).toString(), 'not really a video, but bytes with a hash');
  assert.equal(
    (await client.pull('courses', undefined, 1000)).items.find((i) => i.id === 'course-0002')?.deleted,
    true,
  );
  assert.match((await admin('publish-catalog', catalogFile)).stdout, /Nothing changed/);

  assert.match((await admin('revoke', enrolled.stationId)).stdout, /revoked/);
  await assert.rejects(
    client.pull('courses'),
    (error: unknown) => error instanceof HubClientError && error.code === 'station_revoked',
  );
  await assert.rejects(admin('create-token', 'NOPE'), /No site NOPE/);
});
