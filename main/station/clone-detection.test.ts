// A station's disk copied to another PC: the copy notices (the hardware is not the PC it
// enrolled on), records nothing, and — given a new token by the technician — sets the copied
// key and ledger aside and enrolls as a new station with a new key. The original is untouched.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startTestHub } from '../../test/support/test-hub.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { startStationCore, type StationCore } from '../app/start-station.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openAccounts } from './accounts.ts';
import { readSecrets } from './key-file.ts';
import { machineFingerprint } from './machine-fingerprint.ts';
import { writeStationConfig } from './station-config.ts';

async function call(core: StationCore, channel: string, input: unknown = {}): Promise<Record<string, unknown>> {
  const envelope = await core.router.dispatch(channel, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.value as Record<string, unknown>;
}

test('a copied disk stops recording and re-enrolls as a new station with a new key', async (t) => {
  if (machineFingerprint().length === 0) return t.skip('this machine shows no hardware facts to fingerprint');
  const hub = await startTestHub(t);
  hub.admin.createSite({ code: 'QS', name: '青山县委党校' });
  const original = tempDir(t);
  writeStationConfig(original, {
    hubUrl: hub.url,
    siteCode: 'QS',
    enrollmentToken: hub.admin.createEnrollmentToken({ siteCode: 'QS' }).token,
    name: '一教室',
  });
  openAccounts(original).setTechnicianPin('482913');
  const first = startStationCore({ dataDir: original, version: '0.1.0', runtime: 'web', log: silentLogger });
  await first.connect();
  const originalId = (await call(first, 'station.info')).stationId as string;
  assert.ok(originalId);
  await first.close();

  // The disk image, copied to another PC.
  const copy = path.join(tempDir(t), 'copy');
  fs.cpSync(original, copy, { recursive: true });
  const otherPc = () => ['another-pc'];
  let restartRequested: () => void = () => undefined;
  const restarted = new Promise<void>((resolve) => (restartRequested = resolve));
  const cloned = startStationCore({
    dataDir: copy,
    version: '0.1.0',
    runtime: 'web',
    log: silentLogger,
    machineFingerprint: otherPc,
    requestRestart: () => restartRequested(),
  });
  let clonedOpen = true;
  t.after(async () => {
    if (clonedOpen) await cloned.close();
  });
  const health = (await call(cloned, 'station.health')) as {
    status: string;
    ledgerWritable: boolean;
    checks: { reason: string }[];
  };
  assert.equal(health.status, 'blocked');
  assert.equal(health.ledgerWritable, false);
  assert.ok(health.checks.some((check) => check.reason === 'enrollment-cloned'));
  await cloned.connect();
  await assert.rejects(call(cloned, 'reader.tap', { cardNumber: '0012345678' }), { code: 'LEDGER_UNAVAILABLE' });

  const { technicianSession } = await call(cloned, 'technician.unlock', { pin: '482913' });
  assert.equal((await call(cloned, 'technician.status')).cloned, true);
  const wrong = await call(cloned, 'technician.reenrolAsNew', { technicianSession, enrollmentToken: 'x'.repeat(43) });
  assert.deepEqual(wrong, { problems: [{ code: 'token_unknown', params: { site: 'QS' } }] });
  const answer = await call(cloned, 'technician.reenrolAsNew', {
    technicianSession,
    enrollmentToken: hub.admin.createEnrollmentToken({ siteCode: 'QS' }).token,
  });
  assert.deepEqual(answer, { provisioned: true, checked: true, siteName: '青山县委党校', restarting: true });
  await restarted;
  await cloned.close();
  clonedOpen = false;

  const oldKey = readSecrets(copy)!.publicKey;
  const again = startStationCore({
    dataDir: copy,
    version: '0.1.0',
    runtime: 'web',
    log: silentLogger,
    machineFingerprint: otherPc,
  });
  t.after(() => again.close());
  await again.connect();
  const newId = (await call(again, 'station.info')).stationId as string;
  assert.ok(newId);
  assert.notEqual(newId, originalId, 'a new station');
  assert.notEqual(readSecrets(copy)!.publicKey, oldKey, 'with a new key');
  assert.equal(readSecrets(original)!.publicKey, oldKey, 'the original keeps its own');
  const archives = fs.readdirSync(path.join(copy, 'clone-archive'));
  assert.equal(archives.length, 1);
  assert.ok(
    fs.existsSync(path.join(copy, 'clone-archive', archives[0]!, 'ledger.db')),
    'the copied ledger is kept aside',
  );
  const status = (await call(again, 'classroom.status')) as { state: string };
  assert.equal(status.state, 'ready', 'records again, as itself');
});
