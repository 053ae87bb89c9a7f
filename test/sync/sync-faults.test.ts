// Every learning hour reaches the hub exactly once, whatever the link does. One station and
// the reference hub, with the fault-injecting proxy between them (test/support/fault-proxy.ts),
// for SYNC_FAULT_ROUNDS rounds (100): each round records a few classes, then syncs through one
// fault — connections dropped at random, stalls, resets in the middle of the answer, a burst
// of 5xx with Retry-After, a 256 kbit/s line, the hub restarted in the middle of a batch, or
// the station killed with SIGKILL in the middle of one — and, once the sync has converged,
// checks that the hub holds exactly the station's events: none missing, none twice, no gap,
// the chain verified, and the hours equal learner by learner.
//
// Every choice comes from one seed, printed first; SYNC_FAULT_SEED=<seed> replays a run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { RetryLater } from '../../hub/admission.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import type { SyncEngine } from '../../main/hub-link/sync-engine.ts';
import {
  enrollTestStation,
  hoursByLearner,
  ledgerEvents,
  openTestStation,
  recordClass,
  testEngine,
  type SyncTestStation,
} from '../../main/hub-link/test-station.ts';
import { readSecrets } from '../../main/station/key-file.ts';
import { verifyChain, type SignedEvent } from '../../protocol/events.ts';
import { seededRandom, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { tempDir } from '../support/temp-dir.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED = Number(process.env.SYNC_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = Number(process.env.SYNC_FAULT_ROUNDS ?? 100);
const CONVERGE_MS = 60_000;

const FAULTS = ['drop', 'stall', 'reset', 'burst', 'throttle', 'hub_restart', 'station_kill'] as const;
type Fault = (typeof FAULTS)[number];

/** The hub, restartable on the same port and data folder, with a switch for 5xx bursts. */
async function restartableHub(t: TestContext) {
  const dataDir = tempDir(t, 'lectern-hub-');
  const control = {
    burst: 0,
    burstAttempts: [] as number[],
    onPush: null as (() => void) | null,
  };
  const options = {
    dataDir,
    demo: true as const,
    beforeStationRequest: (route: string) => {
      if (route !== 'push') return;
      control.onPush?.();
      if (control.burst > 0) {
        control.burst -= 1;
        control.burstAttempts.push(Date.now());
        // 503 hub_busy and 500 internal, both saying when to come back.
        throw new RetryLater(control.burst % 2 ? 'hub_busy' : 'internal', 'a burst of failures', 1);
      }
    },
  };
  let hub: RunningHub = await startHub(options);
  const port = Number(new URL(hub.url).port);
  let restarting: Promise<void> | null = null;
  t.after(async () => {
    await restarting;
    await hub.close();
  });
  return {
    control,
    get hub() {
      return hub;
    },
    url: hub.url,
    /** Stops the hub (cutting what is in flight) and starts it again on the same port. */
    restart(): Promise<void> {
      restarting ??= (async () => {
        await hub.close();
        for (let attempt = 0; ; attempt += 1) {
          try {
            hub = await startHub({ ...options, port });
            return;
          } catch (error) {
            if (attempt > 20) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      })().finally(() => (restarting = null));
      return restarting;
    },
    dbFile: path.join(dataDir, 'hub.db'),
  };
}

type HubHandle = Awaited<ReturnType<typeof restartableHub>>;

function hubEvents(handle: HubHandle, stationId: string): SignedEvent[] {
  const db = new Database(handle.dbFile, { readonly: true });
  try {
    return (
      db.prepare('SELECT body FROM events WHERE station_id = ? ORDER BY seq').all(stationId) as { body: string }[]
    ).map((row) => JSON.parse(row.body) as SignedEvent);
  } finally {
    db.close();
  }
}

/** The hub's own hours report (hub/hours.ts): classroom hours per learner of the demo site. */
function hubHours(hub: RunningHub): Map<string, number> {
  const report = hub.admin.hoursReport({ siteCode: 'DEMO', from: '2000-01-01', to: '2999-12-31' });
  return new Map(report.learners.filter((r) => r.classroomHours > 0).map((r) => [r.learnerId, r.classroomHours]));
}

function engineFor(station: SyncTestStation, url: string): SyncEngine {
  return testEngine(station, url, {
    timeoutMs: 1_500,
    pushBatchMax: 50,
    timings: { retryBaseMs: 50, retryMaxMs: 400, backlogMs: 50, soonMs: 10, heartbeatMs: 60_000, pullMs: 60_000 },
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function converge(engine: SyncEngine, what: string): Promise<void> {
  const until = Date.now() + CONVERGE_MS;
  engine.syncSoon();
  for (;;) {
    const status = engine.status();
    if (status.state === 'idle' && status.pending.events === 0) return;
    if (Date.now() > until) throw new Error(`${what}: no convergence in ${CONVERGE_MS} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The station's engine in a child process, killed with SIGKILL once a batch or two went up. */
async function killMidBatch(station: SyncTestStation, url: string, random: () => number): Promise<string> {
  const child = spawn(
    process.execPath,
    [path.join(here, '..', 'support', 'sync-station-child.ts'), station.dataDir, url],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const batches = 1 + Math.floor(random() * 3);
  const extraMs = Math.floor(random() * 30);
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if ((output.match(/^push [1-9]/gm)?.length ?? 0) >= batches || output.includes('done'))
        setTimeout(resolve, extraMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => resolve());
  });
  child.kill('SIGKILL');
  await exited;
  return output.includes('done') ? 'finished before the kill' : `killed after ${batches} batch(es)`;
}

test(`${ROUNDS} rounds of faults between one station and the hub: the hub holds exactly the station's events (seed ${SEED})`, async (t) => {
  console.log(`sync fault seed ${SEED} — replay: SYNC_FAULT_SEED=${SEED} node --test test/sync/sync-faults.test.ts`);
  const random = seededRandom(SEED);
  const handle = await restartableHub(t);
  const proxy: FaultProxy = await startFaultProxy(new URL(handle.url), { seed: SEED });
  t.after(() => proxy.close());
  const dataDir = tempDir(t);
  await enrollTestStation(dataDir, {
    url: handle.url,
    token: handle.hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token,
  });
  const station = openTestStation(dataDir);
  t.after(() => station.close());
  const publicKey = readSecrets(dataDir)!.publicKey;
  let engine = engineFor(station, proxy.url);
  engine.start();
  await converge(engine, 'the first sync');
  const seen = new Map<Fault, number>();
  const spent = new Map<Fault, number>();

  for (let round = 1; round <= ROUNDS; round += 1) {
    const fault = FAULTS[Math.floor(random() * FAULTS.length)]!;
    seen.set(fault, (seen.get(fault) ?? 0) + 1);
    const where = `seed ${SEED}, round ${round} (${fault})`;
    const roundStarted = performance.now();
    const classes = 1 + Math.floor(random() * 2);
    for (let i = 0; i < classes; i += 1)
      recordClass(station, { learners: 2 + Math.floor(random() * 20), minutes: 10 + Math.floor(random() * 80) });

    let note = '';
    switch (fault) {
      case 'drop':
        proxy.setPlan({ drop: 0.8, faultWithinBytes: 1_500 });
        break;
      case 'stall':
        // Some stalls outlast the client's 1.5 s time limit, some do not.
        proxy.setPlan({ stall: 0.8, stallMs: 200 + Math.floor(random() * 2_000), faultWithinBytes: 3_000 });
        break;
      case 'reset':
        // In the middle of an answer: they are a few hundred bytes.
        proxy.setPlan({ reset: 0.8, faultWithinBytes: 400 });
        break;
      case 'throttle':
        proxy.setPlan({ bytesPerSecond: 32_000 });
        break;
      case 'burst':
        handle.control.burst = 1 + Math.floor(random() * 2);
        handle.control.burstAttempts = [];
        break;
      case 'hub_restart': {
        const delay = Math.floor(random() * 15);
        handle.control.onPush = () => {
          handle.control.onPush = null;
          setTimeout(() => void handle.restart(), delay);
        };
        break;
      }
      case 'station_kill':
        await engine.stop();
        note = await killMidBatch(station, proxy.url, random);
        engine = engineFor(station, proxy.url);
        engine.start();
        break;
    }
    // The fault stays for the next attempt (and a little longer), then the link is back.
    const before = engine.status().lastAttemptAt;
    engine.syncSoon();
    await until(() => engine.status().lastAttemptAt !== before, 10_000);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 200)));
    proxy.setPlan({});
    handle.control.onPush = null;
    await converge(engine, where);

    const held = hubEvents(handle, station.stationId);
    const own = ledgerEvents(station.ledgerDb);
    assert.equal(held.length, own.length, `${where}: the hub holds ${held.length} of ${own.length} events ${note}`);
    assert.deepEqual(
      held.map((e) => [e.seq, e.hash]),
      own.map((e) => [e.seq, e.hash]),
      `${where}: the same events, none twice, no gap`,
    );
    assert.deepEqual(
      verifyChain(held, publicKey),
      { ok: true, lastSeq: own.length, lastHash: own.at(-1)!.hash },
      where,
    );
    assert.deepEqual(hubHours(handle.hub), hoursByLearner(own, station.cardHashKey), `${where}: hours equal`);
    const status = engine.status();
    assert.deepEqual([status.quarantine.count, status.conflicts.count], [0, 0], `${where}: nothing refused`);
    spent.set(fault, (spent.get(fault) ?? 0) + performance.now() - roundStarted);
    if (fault === 'burst') {
      const gaps = handle.control.burstAttempts.slice(1).map((at, i) => at - handle.control.burstAttempts[i]!);
      assert.ok(
        gaps.every((gap) => gap >= 950),
        `${where}: Retry-After (1 s) was honoured between attempts: ${gaps.join(', ')} ms`,
      );
    }
  }
  await engine.stop();
  console.log(
    `sync fault rounds: ${[...seen].map(([f, n]) => `${f} ${n} (${((spent.get(f) ?? 0) / 1000).toFixed(1)} s)`).join(', ')}; proxy saw ${proxy.stats.connections} connections, ${JSON.stringify(proxy.stats.faults)}`,
  );
  assert.equal(seen.size, FAULTS.length, 'every kind of fault was tried');
});
