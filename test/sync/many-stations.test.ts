// Fifty stations, each back with a week offline (five class days of thirty learners, about
// 355 events each), all syncing at once against one reference hub: every one converges, the
// hub holds exactly each station's events, the hub answers a heartbeat within 500 ms (p99)
// while they push — its events are checked on worker threads and its pushes are admitted a
// few at a time — and no station is starved: the slowest finishes within a small multiple of
// the median.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { startHub } from '../../hub/server.ts';
import { ledgerEvents } from '../../main/hub-link/test-station.ts';
import { percentile, runManyStations } from '../support/many-stations.ts';
import { tempDir } from '../support/temp-dir.ts';

const STATIONS = 50;

test(`${STATIONS} stations with a week's backlog each converge at once; heartbeats stay under 500 ms p99; none starved`, async (t) => {
  const hubDir = tempDir(t, 'lectern-hub-');
  const hub = await startHub({ dataDir: hubDir, demo: true });
  t.after(() => hub.close());
  const result = await runManyStations({
    hub,
    folder: tempDir(t),
    stations: STATIONS,
    processes: 5,
    days: 5,
    classesPerDay: 1,
    learners: 30,
    pushBatchMax: 100,
  });
  const done = result.stations.map((s) => s.doneMs).sort((a, b) => a - b);
  const median = percentile(done, 50);
  const p99 = percentile(result.heartbeatMs, 99);
  console.log(
    `${STATIONS} stations, ${result.events} events: converged in ${(result.convergeMs / 1000).toFixed(1)} s (median station ${(median / 1000).toFixed(1)} s, slowest ${(done.at(-1)! / 1000).toFixed(1)} s); heartbeat p50 ${percentile(result.heartbeatMs, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms over ${result.heartbeatMs.length}; hub_busy answers ${result.stations.reduce((n, s) => n + s.busy, 0)}`,
  );

  assert.equal(result.stations.length, STATIONS);
  const db = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
  t.after(() => db.close());
  for (const station of result.stations) {
    const own = new Database(path.join(station.dataDir, 'ledger.db'), { readonly: true });
    const events = ledgerEvents(own).map((e) => [e.seq, e.hash]);
    own.close();
    const held = db
      .prepare('SELECT seq, hash FROM events WHERE station_id = ? ORDER BY seq')
      .all(station.stationId)
      .map((row) => [(row as { seq: number }).seq, (row as { hash: string }).hash]);
    assert.deepEqual(held, events, `station ${station.stationId}: exactly its events`);
  }
  assert.ok(p99 < 500, `heartbeat p99 ${p99.toFixed(0)} ms`);
  assert.ok(
    done.at(-1)! <= 3 * median,
    `the slowest station (${done.at(-1)!.toFixed(0)} ms) within three times the median (${median.toFixed(0)} ms)`,
  );
  assert.ok(result.stations.every((s) => s.firstAckMs !== null && s.firstAckMs < done.at(-1)!));
});
