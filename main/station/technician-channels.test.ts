// The technician page through a whole demo station (real databases, the embedded demo hub):
// its PIN gate, resetting an organiser's PIN and lifting a lockout, and the diagnostic bundle.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN, generateDemoRoster } from '../../hub/demo/roster.ts';
import { startTestHub } from '../../test/support/test-hub.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { startStationCore, type StationCore } from '../app/start-station.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openAccounts } from './accounts.ts';
import { writeStationConfig } from './station-config.ts';

async function call(core: StationCore, channel: string, input: unknown = {}): Promise<Record<string, unknown>> {
  const envelope = await core.router.dispatch(channel, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.value as Record<string, unknown>;
}

const organiser = generateDemoRoster()[DEMO_ORGANISER_INDEX]!;

test('the technician resets an organiser PIN and writes a diagnostic bundle without secrets', async (t) => {
  const dataDir = tempDir(t);
  const core = startStationCore({ dataDir, version: '9.9.9', runtime: 'web', log: silentLogger });
  t.after(() => core.close());
  await core.connect();
  await core.router.dispatch('sync.now', {});

  // Unprovisioned (the demo): nothing to protect yet, the page opens.
  assert.deepEqual(await call(core, 'technician.status'), {
    provisioned: false,
    technicianPinSet: false,
    bootProvisioning: null,
    cloned: false,
    enrollmentRefused: false,
    update: { state: 'unchecked', version: null },
  });
  const { technicianSession } = await call(core, 'technician.unlock', { pin: '0000' });
  assert.equal(typeof technicianSession, 'string');
  const { organisers } = (await call(core, 'technician.organisers', { technicianSession })) as {
    organisers: { learnerId: string; pin: string }[];
  };
  assert.deepEqual(
    organisers.map((row) => [row.learnerId, row.pin]),
    [[organiser.id, 'hub']],
  );

  // One tap of the organiser's card serves the tries of the next two minutes (a second tap
  // within the reader's debounce would be ignored).
  const { tapId } = await call(core, 'reader.simulate', { cardId: organiser.id });
  const unlock = (pin: string) => call(core, 'organiser.unlock', { tapId, pin });
  const { organiserSession } = await unlock(DEMO_ORGANISER_PIN);
  assert.deepEqual(
    await call(core, 'technician.setOrganiserPin', { technicianSession, learnerId: organiser.id, pin: '13579' }),
    {
      pinSet: true,
    },
  );
  assert.deepEqual(
    await call(core, 'organiser.schedule', { organiserSession }),
    {
      refused: 'organiser_session_expired',
    },
    'a reset ends the organiser’s open sessions',
  );
  assert.deepEqual(await unlock(DEMO_ORGANISER_PIN), { refused: 'pin_wrong' }, 'the hub’s PIN no longer opens here');
  assert.equal((await unlock('13579')).unlocked, true);
  assert.deepEqual(
    await call(core, 'technician.setOrganiserPin', { technicianSession, learnerId: 'nobody', pin: '13579' }),
    { refused: 'not_organiser' },
  );

  const out = tempDir(t);
  const bundle = (await call(core, 'technician.diagnostics', { technicianSession })) as {
    path: string;
    files: string[];
  };
  assert.ok(bundle.path.startsWith(path.join(dataDir, 'diagnostics')) || bundle.path.startsWith('/'));
  for (const file of [
    'versions.json',
    'config.json',
    'ledger.json',
    'health.json',
    'disk.json',
    'sync.json',
    'devices.json',
  ])
    assert.ok(bundle.files.includes(file), file);
  const all = bundle.files.map((file) => fs.readFileSync(path.join(bundle.path, file), 'utf8')).join('\n');
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'station-key.json'), 'utf8')) as Record<string, string>;
  assert.ok(!all.includes(secrets.privateKey!), 'no private key');
  assert.ok(!all.includes(secrets.cardHashKey!), 'no card-hash key');
  assert.ok(!all.includes('scrypt:'), 'no PIN hash');
  const ledger = JSON.parse(fs.readFileSync(path.join(bundle.path, 'ledger.json'), 'utf8')) as {
    integrity: string;
    chain: { ok: boolean };
  };
  assert.equal(ledger.integrity, 'ok');
  assert.equal(ledger.chain.ok, true);
  assert.match(fs.readFileSync(path.join(bundle.path, 'versions.json'), 'utf8'), /9\.9\.9/);
  // The running station's sync report (what waits to go up) and its devices, not a placeholder.
  const sync = JSON.parse(fs.readFileSync(path.join(bundle.path, 'sync.json'), 'utf8')) as { outbox: unknown };
  assert.ok(sync.outbox, 'sync.json carries the outbox');
  const devices = JSON.parse(fs.readFileSync(path.join(bundle.path, 'devices.json'), 'utf8')) as { config?: unknown };
  assert.ok(devices.config, 'devices.json carries the settings');
  assert.ok(!all.includes('"password"'), 'no PJLink password');
  fs.rmSync(out, { recursive: true, force: true });

  assert.deepEqual(await call(core, 'technician.lock', { technicianSession }), { locked: true });
  assert.deepEqual(await call(core, 'technician.organisers', { technicianSession }), {
    refused: 'technician_session_expired',
  });
});

test('a provisioned station’s technician page needs the technician PIN, with its own lockout', async (t) => {
  const dataDir = tempDir(t);
  openAccounts(dataDir).setTechnicianPin('482913');
  writeStationConfig(dataDir, { hubUrl: 'http://127.0.0.1:9/', siteCode: 'QS', name: '一教室' });
  const core = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  t.after(() => core.close());
  assert.deepEqual(await call(core, 'technician.status'), {
    provisioned: true,
    technicianPinSet: true,
    bootProvisioning: null,
    cloned: false,
    enrollmentRefused: false,
    update: { state: 'unchecked', version: null },
  });
  assert.deepEqual(await call(core, 'technician.unlock', { pin: '0000' }), { refused: 'pin_wrong' });
  for (let i = 0; i < 4; i += 1) await call(core, 'technician.unlock', { pin: '0000' });
  assert.deepEqual(await call(core, 'technician.unlock', { pin: '482913' }), { refused: 'pin_locked' });
});

test('a token the hub refuses at first contact shows on the health checks, and the wizard provisions again', async (t) => {
  const hub = await startTestHub(t);
  hub.admin.createSite({ code: 'QS', name: '青山县委党校' });
  const dataDir = tempDir(t);
  openAccounts(dataDir).setTechnicianPin('482913');
  // Provisioned offline with a token the hub does not know.
  writeStationConfig(dataDir, { hubUrl: hub.url, siteCode: 'QS', enrollmentToken: 'x'.repeat(43), name: '一教室' });
  let restarts = 0;
  const core = startStationCore({
    dataDir,
    version: '0.0.0',
    runtime: 'web',
    log: silentLogger,
    requestRestart: () => (restarts += 1),
  });
  t.after(() => core.close());
  await core.connect();
  await core.router.dispatch('sync.now', {});
  const health = (await call(core, 'station.health')) as { status: string; checks: { reason: string }[] };
  assert.ok(
    health.checks.some((check) => check.reason === 'enrollment-refused'),
    JSON.stringify(health.checks),
  );
  assert.notEqual(health.status, 'ok');
  const { technicianSession } = await call(core, 'technician.unlock', { pin: '482913' });
  assert.equal((await call(core, 'technician.status')).enrollmentRefused, true);
  const answer = await call(core, 'technician.provision', {
    technicianSession,
    input: {
      hubUrl: hub.url,
      siteCode: 'QS',
      enrollmentToken: hub.admin.createEnrollmentToken({ siteCode: 'QS' }).token,
      classroomName: '一教室',
      technicianPin: '482913',
    },
  });
  assert.deepEqual(answer, { provisioned: true, checked: true, siteName: '青山县委党校', restarting: true });
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(restarts, 1);
});
