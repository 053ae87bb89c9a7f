import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { retireAtStart } from './demo-retirement.ts';
import { writeStationConfig } from './station-config.ts';

function ledgerEnrolledAt(dir: string, siteCode: string): void {
  const db = new Database(path.join(dir, 'ledger.db'));
  db.exec('CREATE TABLE station_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const meta = {
    station_id: 's-1',
    hub_url: 'http://127.0.0.1:1/',
    hub_public_key: 'k',
    site_code: siteCode,
    site_name: 'x',
    station_config: JSON.stringify({
      heartbeatIntervalSec: 1,
      pushBatchMax: 1,
      pullPageMax: 1,
      maxSkewMs: 1,
      updatesUrl: '',
    }),
    enrolled_at: '1',
  };
  for (const [key, value] of Object.entries(meta)) db.prepare('INSERT INTO station_meta VALUES (?, ?)').run(key, value);
  db.close();
  fs.writeFileSync(path.join(dir, 'station-key.json'), '{}');
  fs.mkdirSync(path.join(dir, 'demo-hub'));
}

test('a provisioned station moves the demo it ran aside, whole and untouched', (t) => {
  const dir = tempDir(t);
  ledgerEnrolledAt(dir, 'DEMO');
  assert.equal(retireAtStart(dir, silentLogger), null, 'not provisioned: the demo stays');
  writeStationConfig(dir, { hubUrl: 'http://127.0.0.1:1/', siteCode: 'QS', name: '一教室' });
  const archive = retireAtStart(dir, silentLogger);
  assert.ok(archive);
  for (const name of ['ledger.db', 'station-key.json', 'demo-hub']) {
    assert.equal(fs.existsSync(path.join(dir, name)), false, name);
    assert.equal(fs.existsSync(path.join(archive, name)), true, name);
  }
  assert.equal(fs.existsSync(path.join(dir, 'station-config.json')), true, 'the configuration stays');
});

test("a real hub's ledger is never moved", (t) => {
  const dir = tempDir(t);
  ledgerEnrolledAt(dir, 'QS');
  writeStationConfig(dir, { hubUrl: 'http://127.0.0.1:1/', siteCode: 'QS', name: '一教室' });
  assert.equal(retireAtStart(dir, silentLogger), null);
  assert.equal(fs.existsSync(path.join(dir, 'ledger.db')), true);
});

test('a station configured for the hub and demo site it enrolled with keeps its ledger; another hub retires it', (t) => {
  const dir = tempDir(t);
  ledgerEnrolledAt(dir, 'DEMO');
  writeStationConfig(dir, { hubUrl: 'http://127.0.0.1:1', siteCode: 'DEMO', name: '一教室' });
  assert.equal(retireAtStart(dir, silentLogger), null);
  assert.equal(fs.existsSync(path.join(dir, 'ledger.db')), true);
  writeStationConfig(dir, { hubUrl: 'http://127.0.0.1:2/', siteCode: 'DEMO', name: '一教室' });
  assert.ok(retireAtStart(dir, silentLogger));
  assert.equal(fs.existsSync(path.join(dir, 'ledger.db')), false);
});
