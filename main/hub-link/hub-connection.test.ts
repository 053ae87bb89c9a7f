// Against the real reference hub, in-process on 127.0.0.1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startHub } from '../../hub/server.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { readEnrollment } from '../station/identity.ts';
import { openStationDatabases } from '../storage/station-databases.ts';
import { connectToHub } from './hub-connection.ts';
import { stationConfigPath, writeStationConfig } from '../station/station-config.ts';

async function connect(t: TestContext, dataDir: string) {
  const dbs = openStationDatabases(dataDir, silentLogger);
  const connection = await connectToHub({ dataDir, ledger: dbs.ledger.db!, appVersion: '1.0.0', log: silentLogger });
  t.after(async () => {
    await connection.close();
    dbs.close();
  });
  return { connection, ledger: dbs.ledger.db! };
}

test('with no configuration the station starts the demo hub, enrolls, and pulls from it', async (t) => {
  const dataDir = tempDir(t);
  const { connection, ledger } = await connect(t, dataDir);
  assert.equal(connection.mode, 'demo');
  assert.match(connection.hubUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const client = await connection.client();
  const enrollment = readEnrollment(ledger);
  assert.ok(enrollment);
  assert.equal(enrollment.siteCode, 'DEMO');
  const page = await client.pull('categories', null);
  assert.equal(page.items.length, 16, 'the demo hub serves its 16 categories');
});

test('a restarted demo station keeps its identity although the demo hub has a new port', async (t) => {
  const dataDir = tempDir(t);
  const first = await connect(t, dataDir);
  await first.connection.client();
  const stationId = readEnrollment(first.ledger)!.stationId;
  await first.connection.close();

  const second = await connect(t, dataDir);
  assert.equal(second.connection.mode, 'demo');
  const client = await second.connection.client();
  assert.equal(client.stationId, stationId);
  assert.equal((await client.pull('categories', null)).items.length, 16);
});

test('a configured station enrolls with its token and never starts the demo hub', async (t) => {
  const hubDir = tempDir(t);
  const hub = await startHub({ dataDir: hubDir, demo: true });
  t.after(() => hub.close());
  const dataDir = tempDir(t);
  writeStationConfig(dataDir, {
    hubUrl: hub.url,
    siteCode: 'DEMO',
    enrollmentToken: hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token,
    name: '一教室',
  });

  const { connection, ledger } = await connect(t, dataDir);
  assert.equal(connection.mode, 'configured');
  assert.equal(connection.hubUrl, hub.url);
  const client = await connection.client();
  assert.equal(readEnrollment(ledger)?.stationId, client.stationId);
  assert.equal(fs.existsSync(path.join(dataDir, 'demo-hub')), false, 'no demo hub was started');
});

test('a configured station whose hub is down says so and enrolls later', async (t) => {
  const dataDir = tempDir(t);
  writeStationConfig(dataDir, {
    hubUrl: 'http://127.0.0.1:9/',
    siteCode: 'X',
    enrollmentToken: 'x'.repeat(32),
    name: 'n',
  });
  const { connection, ledger } = await connect(t, dataDir);
  assert.equal(connection.mode, 'configured');
  await assert.rejects(connection.client(), (error: Error) => /127\.0\.0\.1:9/.test(error.message));
  assert.equal(readEnrollment(ledger), null);
  assert.equal(fs.existsSync(path.join(dataDir, 'demo-hub')), false);
});

test('a malformed configuration is an error that names the file and the field, not a fallback to the demo', async (t) => {
  const dataDir = tempDir(t);
  fs.writeFileSync(stationConfigPath(dataDir), JSON.stringify({ hubUrl: 'not a url', siteCode: '' }));
  const dbs = openStationDatabases(dataDir, silentLogger);
  t.after(() => dbs.close());
  await assert.rejects(
    connectToHub({ dataDir, ledger: dbs.ledger.db!, appVersion: '1', log: silentLogger }),
    /station-config\.json is not a valid station configuration: hubUrl/,
  );
  fs.writeFileSync(stationConfigPath(dataDir), '{ not json');
  await assert.rejects(
    connectToHub({ dataDir, ledger: dbs.ledger.db!, appVersion: '1', log: silentLogger }),
    /not valid JSON/,
  );
});
