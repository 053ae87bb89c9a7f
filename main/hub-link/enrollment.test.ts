import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { sign, verify } from '../../protocol/crypto.ts';
import { silentLogger } from '../runtime/logger.ts';
import { enrollStation } from '../../protocol/hub-client/hub-client.ts';
import { DEMO_SITE_CODE, startTestHub } from '../../test/support/test-hub.ts';
import { openStationDatabases } from '../storage/station-databases.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { readEnrollment } from '../station/identity.ts';
import { enrollThisStation, stationHubClient } from './enrollment.ts';
import { keyFilePath, loadOrCreateSecrets, readSecrets } from '../station/key-file.ts';

function station(t: TestContext) {
  const dataDir = tempDir(t);
  const databases = openStationDatabases(dataDir, silentLogger);
  t.after(() => databases.close());
  return { dataDir, ledger: databases.ledger.db! };
}

test(
  'the key pair is made at first start, readable only by the station user, and the same on later starts',
  { skip: process.platform === 'win32' && 'POSIX file modes' },
  (t) => {
    const dataDir = tempDir(t);
    const first = loadOrCreateSecrets(dataDir);
    assert.equal(first.created, true);
    assert.equal(fs.statSync(keyFilePath(dataDir)).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dataDir), [path.basename(keyFilePath(dataDir))], 'no temp file left behind');

    const again = loadOrCreateSecrets(dataDir);
    assert.equal(again.created, false);
    assert.deepEqual(again.secrets, first.secrets);
    assert.ok(verify('probe', sign('probe', again.secrets.privateKey), first.secrets.publicKey));
  },
);

test(
  'a key file restored world-readable is tightened back to 0600 when read',
  { skip: process.platform === 'win32' && 'POSIX file modes' },
  (t) => {
    const dataDir = tempDir(t);
    loadOrCreateSecrets(dataDir);
    fs.chmodSync(keyFilePath(dataDir), 0o644);
    readSecrets(dataDir);
    assert.equal(fs.statSync(keyFilePath(dataDir)).mode & 0o777, 0o600);
  },
);

test('a damaged key file is an error for a technician, never silently replaced', (t) => {
  const dataDir = tempDir(t);
  const { secrets } = loadOrCreateSecrets(dataDir);
  fs.writeFileSync(keyFilePath(dataDir), '{"version":1,"publicKey"');
  assert.throws(() => loadOrCreateSecrets(dataDir), /is damaged/);

  const other = loadOrCreateSecrets(tempDir(t)).secrets;
  fs.writeFileSync(
    keyFilePath(dataDir),
    JSON.stringify({ version: 1, publicKey: secrets.publicKey, privateKey: other.privateKey, cardHashKey: null }),
  );
  assert.throws(() => readSecrets(dataDir), /does not belong to its public key/);
});

test('enrollment is kept in station_meta and the card-hash key beside the station key; the stored client pulls', async (t) => {
  const hub = await startTestHub(t);
  const { dataDir, ledger } = station(t);
  assert.equal(stationHubClient(ledger, dataDir), null, 'no client before enrollment');
  const { token } = hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE });

  const stored = await enrollThisStation({
    dataDir,
    ledger,
    baseUrl: hub.url,
    siteCode: DEMO_SITE_CODE,
    token,
    name: '一号教室',
    appVersion: '0.1.0',
  });
  assert.deepEqual(readEnrollment(ledger), stored);
  assert.equal(stored.hubPublicKey, hub.hubPublicKey);
  assert.equal(stored.hubUrl, hub.url);
  assert.equal(stored.config.pullPageMax, 1000);
  const row = ledger.prepare("SELECT value FROM station_meta WHERE key = 'station_id'").get() as { value: string };
  assert.equal(row.value, stored.stationId, 'the home screen reads station_meta.station_id');
  assert.match(readSecrets(dataDir)!.cardHashKey ?? '', /^[A-Za-z0-9+/]{43}=$/);
  const metaValues = (ledger.prepare('SELECT value FROM station_meta').all() as { value: string }[]).map(
    (r) => r.value,
  );
  assert.ok(!metaValues.includes(readSecrets(dataDir)!.cardHashKey!), 'the card-hash key is not in the ledger');

  const client = stationHubClient(ledger, dataDir)!;
  assert.equal((await client.pull('categories', null, 3)).items.length, 3);

  await assert.rejects(
    enrollThisStation({
      dataDir,
      ledger,
      baseUrl: hub.url,
      siteCode: DEMO_SITE_CODE,
      token,
      name: '一号教室',
      appVersion: '0.1.0',
    }),
    /already enrolled/,
  );
});

test('a key the hub already holds from an enrollment whose answer was lost is replaced, and the new token enrolls the new key', async (t) => {
  const hub = await startTestHub(t);
  const { dataDir, ledger } = station(t);
  const { secrets: lostKey } = loadOrCreateSecrets(dataDir);
  // The first attempt reached the hub, but the station never stored the answer.
  const first = hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE });
  await enrollStation({
    baseUrl: hub.url,
    siteCode: DEMO_SITE_CODE,
    token: first.token,
    publicKey: lostKey.publicKey,
    name: '一号教室',
    appVersion: '0.1.0',
  });

  const { token } = hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE });
  const stored = await enrollThisStation({
    dataDir,
    ledger,
    baseUrl: hub.url,
    siteCode: DEMO_SITE_CODE,
    token,
    name: '一号教室',
    appVersion: '0.1.0',
  });
  const secrets = readSecrets(dataDir)!;
  assert.notEqual(secrets.publicKey, lostKey.publicKey);
  assert.equal(hub.admin.listStations().find((s) => s.id === stored.stationId)?.revoked, false);
  assert.equal(
    (await stationHubClient(ledger, dataDir)!.pull('categories', null, 1)).items.length,
    1,
    'the new key signs accepted requests',
  );
});

test('an enrolled station whose key file went missing says so instead of signing with a new key', async (t) => {
  const hub = await startTestHub(t);
  const { dataDir, ledger } = station(t);
  const { token } = hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE });
  await enrollThisStation({
    dataDir,
    ledger,
    baseUrl: hub.url,
    siteCode: DEMO_SITE_CODE,
    token,
    name: '一号教室',
    appVersion: '0.1.0',
  });
  fs.rmSync(keyFilePath(dataDir));
  assert.throws(() => stationHubClient(ledger, dataDir), /key file .* is missing/);
});
