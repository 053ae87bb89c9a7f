// The ledger carried out on a drive and back: an export folder the hub imports as if the
// station had pushed, and that `ledger-recovery restore` takes — like a daily backup
// (`restore latest`) — when the station's own ledger is lost; a copy altered since it was
// made is refused.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startHub } from '../../hub/server.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { writeEventsNdjson } from '../hub-link/export-events.ts';
import {
  enrollTestStation,
  hoursByLearner,
  ledgerEvents,
  openTestStation,
  recordClassDays,
} from '../hub-link/test-station.ts';
import { silentLogger } from '../runtime/logger.ts';
import { backupLedgerNow } from './ledger-backup.ts';
import { EXPORT_EVENTS, EXPORT_LEDGER, exportLedger, ExportTargetError, readExportManifest } from './ledger-export.ts';
import { recoveryStatus, restoreLedger } from './ledger-recovery.ts';
import { ledgerPath, openStationDatabases } from './station-databases.ts';

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function stationWithRecords(t: TestContext) {
  const hub = await startHub({ dataDir: tempDir(t, 'lectern-hub-'), demo: true });
  t.after(() => hub.close());
  const dataDir = tempDir(t);
  await enrollTestStation(dataDir, {
    url: hub.url,
    token: hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token,
  });
  const station = openTestStation(dataDir);
  recordClassDays(station, 3, 1, { learners: 12, minutes: 60 });
  const events = ledgerEvents(station.ledgerDb);
  return { hub, dataDir, station, events };
}

/** The station's ledger damaged and quarantined at the next open, as a failed disk would leave it. */
function quarantine(dataDir: string): void {
  fs.writeFileSync(ledgerPath(dataDir), 'garbage, not a database');
  openStationDatabases(dataDir, silentLogger).close();
  assert.equal(recoveryStatus(dataDir).quarantined, true);
}

test('an export holds a verified copy, every event for the hub and a manifest; the hub imports it; restore takes it', async (t) => {
  const { hub, dataDir, station, events } = await stationWithRecords(t);
  const usb = tempDir(t, 'lectern-usb-');
  const { folder, manifest } = await exportLedger({
    ledgerFile: ledgerPath(dataDir),
    targetDir: usb,
    stationId: station.stationId,
    writeEvents: writeEventsNdjson,
  });
  assert.equal(path.dirname(folder), usb);
  assert.deepEqual(fs.readdirSync(folder).sort(), [EXPORT_EVENTS, EXPORT_LEDGER, 'manifest.json'].sort());
  assert.deepEqual(readExportManifest(folder), manifest);
  assert.deepEqual(
    [manifest.stationId, manifest.ledger.headSeq, manifest.events.count],
    [station.stationId, events.length, events.length],
  );
  assert.equal(sha256(path.join(folder, EXPORT_LEDGER)), manifest.ledger.sha256);
  assert.equal(sha256(path.join(folder, EXPORT_EVENTS)), manifest.events.sha256);

  // The hub's administrator imports the events as if the station had pushed them; twice changes nothing.
  const [imported] = await hub.admin.importEvents(path.join(folder, EXPORT_EVENTS));
  assert.deepEqual([imported!.accepted, imported!.rejected, imported!.ackSeq], [events.length, 0, events.length]);
  const [again] = await hub.admin.importEvents(path.join(folder, EXPORT_EVENTS));
  assert.deepEqual([again!.accepted, again!.duplicates], [0, events.length]);
  const report = hub.admin.hoursReport({ siteCode: 'DEMO', from: '2000-01-01', to: '2999-12-31' });
  assert.deepEqual(
    new Map(report.learners.filter((r) => r.classroomHours > 0).map((r) => [r.learnerId, r.classroomHours])),
    hoursByLearner(events, station.cardHashKey),
  );

  // The station's own ledger is lost; the export brings its records back.
  station.close();
  quarantine(dataDir);
  const restored = restoreLedger(dataDir, folder);
  assert.deepEqual([restored.headSeq, restored.madeAt], [events.length, manifest.exportedAt]);
  const reopened = openStationDatabases(dataDir, silentLogger);
  t.after(() => reopened.close());
  assert.equal(reopened.ledger.state.state, 'ok');
  assert.deepEqual(
    ledgerEvents(reopened.ledger.db!).map((e) => e.hash),
    events.map((e) => e.hash),
  );
});

test('restore takes the newest daily backup by name, and refuses a copy changed since it was made', async (t) => {
  const { dataDir, station, events } = await stationWithRecords(t);
  await backupLedgerNow(dataDir, ledgerPath(dataDir), new Date('2026-11-26T02:00:00Z'));
  recordClassDays(station, 1, 1, { learners: 5, minutes: 30 });
  const newest = await backupLedgerNow(dataDir, ledgerPath(dataDir), new Date('2026-11-27T02:00:00Z'));
  const all = ledgerEvents(station.ledgerDb);
  assert.ok(all.length > events.length);
  station.close();
  quarantine(dataDir);

  const backupFile = path.join(dataDir, 'backups', newest.file);
  const bytes = fs.readFileSync(backupFile);
  fs.writeFileSync(
    backupFile,
    Buffer.concat([bytes.subarray(0, 100), Buffer.from([bytes[100]! ^ 1]), bytes.subarray(101)]),
  );
  assert.throws(() => restoreLedger(dataDir, 'latest'), /changed since it was made/);
  assert.equal(recoveryStatus(dataDir).quarantined, true, 'still quarantined');
  fs.writeFileSync(backupFile, bytes);

  const restored = restoreLedger(dataDir, 'latest');
  assert.deepEqual([restored.headSeq, restored.madeAt], [all.length, newest.at]);
  assert.equal(recoveryStatus(dataDir).quarantined, false);
});

test('an export to a folder that is missing or not writable is refused before anything is written', async (t) => {
  const { dataDir, station } = await stationWithRecords(t);
  const missing = path.join(tempDir(t), 'no-drive');
  await assert.rejects(
    exportLedger({
      ledgerFile: ledgerPath(dataDir),
      targetDir: missing,
      stationId: station.stationId,
      writeEvents: writeEventsNdjson,
    }),
    (error: unknown) => error instanceof ExportTargetError && /no-drive/.test(error.message),
  );
  if (process.getuid?.() !== 0) {
    const readOnly = tempDir(t);
    fs.chmodSync(readOnly, 0o500);
    await assert.rejects(
      exportLedger({
        ledgerFile: ledgerPath(dataDir),
        targetDir: readOnly,
        stationId: station.stationId,
        writeEvents: writeEventsNdjson,
      }),
      ExportTargetError,
    );
    assert.deepEqual(fs.readdirSync(readOnly), []);
  }
});
