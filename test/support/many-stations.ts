// Many stations back from a week offline, all at once against one hub: the stations are
// played by child processes (sync-stations-child.ts) at a lower priority — they stand for
// other machines — each running every one of its stations' own sync engine; meanwhile one
// more station sends a heartbeat every `probeEveryMs` and the hub's answer time is recorded.
// Shared by the many-station test and the sync bench.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningHub } from '../../hub/server.ts';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { createHubClient, enrollStation } from '../../protocol/hub-client/hub-client.ts';
import type { ChildMessage, StationResult, StationsChildData } from './sync-stations-child.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export type ManyStationsOptions = {
  hub: RunningHub;
  /** A fresh folder per station is made under it. */
  folder: string;
  stations: number;
  /** Processes the stations are shared among. */
  processes: number;
  days: number;
  classesPerDay: number;
  learners: number;
  pushBatchMax: number;
  probeEveryMs?: number;
  /** Heartbeats go on at least this long (an idle baseline has nothing to wait for). */
  probeForMs?: number;
};

export type ManyStationsResult = {
  stations: StationResult[];
  events: number;
  /** From "go" until the last station had nothing waiting. */
  convergeMs: number;
  heartbeatMs: number[];
};

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
export { percentile };

export async function runManyStations(options: ManyStationsOptions): Promise<ManyStationsResult> {
  const token = () => options.hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token;
  const perProcess = Math.ceil(options.stations / options.processes);
  const children: ChildProcess[] = [];
  const ready: Promise<number>[] = [];
  const done: Promise<StationResult[]>[] = [];
  for (let p = 0; p < options.processes; p += 1) {
    const stations = Array.from({ length: Math.min(perProcess, options.stations - p * perProcess) }, (_, i) => ({
      dataDir: path.join(options.folder, `station-${p}-${i}`),
      token: token(),
    }));
    if (stations.length <= 0) break;
    const child = fork(path.join(here, 'sync-stations-child.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    try {
      // Ten below this process, whatever its own niceness (a bench runs under nice already).
      os.setPriority(child.pid!, Math.min(19, os.getPriority() + 10));
    } catch {
      // Where priorities cannot be set, the stations compete with the hub: figures are worse, not wrong.
    }
    let readyResolve!: (events: number) => void;
    let doneResolve!: (results: StationResult[]) => void;
    let fail!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    ready.push(Promise.race([new Promise<number>((resolve) => (readyResolve = resolve)), failed]));
    done.push(Promise.race([new Promise<StationResult[]>((resolve) => (doneResolve = resolve)), failed]));
    child.on('message', (message: ChildMessage) => {
      if ('ready' in message) readyResolve(message.ready.events);
      else if ('done' in message) doneResolve(message.done);
      else fail(new Error(message.failed));
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`a station process exited (${code ?? signal})`)));
    child.send({
      hubUrl: options.hub.url,
      stations,
      days: options.days,
      classesPerDay: options.classesPerDay,
      learners: options.learners,
      pushBatchMax: options.pushBatchMax,
    } satisfies StationsChildData);
  }
  try {
    const events = (await Promise.all(ready)).reduce((a, b) => a + b, 0);
    // The probe: a station of its own, heartbeating while the others push.
    const keys = generateStationKeys();
    const enrolled = await enrollStation({
      baseUrl: options.hub.url,
      siteCode: 'DEMO',
      token: token(),
      publicKey: keys.publicKey,
      name: 'probe',
      appVersion: '0.1.0',
    });
    const probe = createHubClient({
      baseUrl: options.hub.url,
      stationId: enrolled.stationId,
      privateKey: keys.privateKey,
      hubPublicKey: enrolled.hubPublicKey,
      timeoutMs: 30_000,
    });
    const heartbeatMs: number[] = [];
    let running = true;
    const probing = (async () => {
      while (running) {
        const sent = performance.now();
        await probe.heartbeat({
          appVersion: '0.1.0',
          clock: Date.now(),
          uptimeSec: 1,
          disk: { freeBytes: 1, totalBytes: 2 },
          devices: [],
          pending: { events: 0, media: 0 },
        });
        heartbeatMs.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, options.probeEveryMs ?? 100));
      }
    })();
    const started = performance.now();
    for (const child of children) child.send('go');
    const stations = (await Promise.all(done)).flat();
    const convergeMs = performance.now() - started;
    const left = (options.probeForMs ?? 0) - convergeMs;
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    running = false;
    await probing;
    return { stations, events, convergeMs, heartbeatMs };
  } finally {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill();
          }),
      ),
    );
  }
}
