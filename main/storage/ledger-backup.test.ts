// The ledger's daily backup: a copy made beside a running station (taps go on meanwhile),
// verified before it is listed, kept in rotation, and made again only once a day.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { appendEvent } from '../ledger/ledger.ts';
import { openTestLedger, type TestLedger } from '../ledger/test-ledger.ts';
import { silentLogger } from '../runtime/logger.ts';
import {
  backupLedgerNow,
  backupsDir,
  copyLedgerSync,
  dailyBackups,
  DAILY_PREFIX,
  KEEP_DAILY,
  startLedgerBackups,
} from './ledger-backup.ts';
import { ledgerPath } from './station-databases.ts';

function tap(ledger: TestLedger['ledger'], n: number): void {
  for (let i = 0; i < n; i += 1)
    appendEvent(ledger, {
      type: 'check_in',
      payload: { sessionId: 's', learnerId: `l${i}`, cardHash: 'ab'.repeat(32) },
    });
}

test('a daily backup is a verified copy of the ledger, listed with what it holds, made while taps go on', async (t) => {
  const { dir, ledger } = openTestLedger(t);
  tap(ledger, 500);
  // Taps go on while the copy is made on its worker thread.
  const copying = backupLedgerNow(dir, ledgerPath(dir), new Date('2026-11-27T02:00:00Z'));
  tap(ledger, 50);
  const copy = await copying;
  assert.ok(copy.headSeq >= 500 && copy.headSeq <= 550, `the copy holds a consistent prefix (${copy.headSeq})`);
  assert.deepEqual(dailyBackups(dir), [copy]);
  assert.match(copy.file, new RegExp(`^${DAILY_PREFIX}2026-11-27T02-00-00Z\\.db$`));

  const file = path.join(backupsDir(dir), copy.file);
  const db = new Database(file, { readonly: true });
  t.after(() => db.close());
  const rows = db.prepare('SELECT seq, hash FROM events ORDER BY seq').all() as { seq: number; hash: string }[];
  const original = ledger.db.prepare('SELECT seq, hash FROM events WHERE seq <= ? ORDER BY seq').all(copy.headSeq);
  assert.deepEqual(rows, original);
  assert.equal(copy.headHash, rows.at(-1)!.hash);
  assert.equal(fs.statSync(file).size, copy.bytes);
});

test('the newest seven are kept; a copy left half-made by a crash is removed', async (t) => {
  const { dir, ledger } = openTestLedger(t);
  tap(ledger, 3);
  fs.mkdirSync(backupsDir(dir), { recursive: true });
  fs.writeFileSync(path.join(backupsDir(dir), `${DAILY_PREFIX}2026-01-01T00-00-00Z.db.partial`), 'half');
  for (let day = 1; day <= KEEP_DAILY + 2; day += 1)
    await backupLedgerNow(dir, ledgerPath(dir), new Date(Date.UTC(2026, 10, day, 2)));
  const kept = dailyBackups(dir);
  assert.equal(kept.length, KEEP_DAILY);
  assert.equal(kept[0]!.at, new Date(Date.UTC(2026, 10, 3, 2)).toISOString());
  assert.deepEqual(
    fs
      .readdirSync(backupsDir(dir))
      .filter((f) => f.startsWith(DAILY_PREFIX))
      .sort(),
    kept.map((c) => c.file).sort(),
  );
});

test('a copy that does not verify is refused and leaves nothing behind', (t) => {
  const { dir, ledger } = openTestLedger(t);
  tap(ledger, 5);
  // A row missing in the middle, as a damaged file would have it.
  ledger.db.exec('DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 3');
  const target = path.join(dir, 'copy.db');
  assert.throws(() => copyLedgerSync(ledgerPath(dir), target), /holds 4 events for sequences up to 5/);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.startsWith('copy')),
    [],
  );
});

test('the schedule: a copy soon after start when there is none, none while the newest is fresh, another a day later', async (t) => {
  const { dir, ledger } = openTestLedger(t);
  tap(ledger, 2);
  let now = new Date('2026-11-27T02:00:00Z');
  const logged: string[] = [];
  const backups = startLedgerBackups({
    dataDir: dir,
    ledgerFile: ledgerPath(dir),
    log: { ...silentLogger, info: (event) => logged.push(event), error: (event) => logged.push(event) },
    firstCheckAfterMs: 10,
    checkEveryMs: 30,
    now: () => now,
  });
  t.after(() => backups.close());
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await until(() => dailyBackups(dir).length === 1);
  assert.equal(backups.latest()?.at, now.toISOString());
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(dailyBackups(dir).length, 1, 'not again while the newest is fresh');
  now = new Date('2026-11-28T02:00:00Z');
  await until(() => dailyBackups(dir).length === 2);
  assert.deepEqual(logged, ['ledger.backup_done', 'ledger.backup_done']);
});
