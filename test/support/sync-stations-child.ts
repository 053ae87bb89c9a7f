// A process that plays several stations for the many-station test and bench (forked with an
// IPC channel, its settings the first message): it enrolls each station with the hub, writes
// each a backlog of class days, reports "ready", and on "go" runs every station's own sync
// engine at once until nothing waits, reporting when each had its first batch acknowledged
// and when it was done. A process of its own, run at a lower priority, because the stations
// stand for other machines: their work must not be billed to the hub's answer times.
import { enrollTestStation, openTestStation, recordClassDays, testEngine } from '../../main/hub-link/test-station.ts';
import { silentLogger } from '../../main/runtime/logger.ts';

export type StationsChildData = {
  hubUrl: string;
  stations: { dataDir: string; token: string }[];
  days: number;
  classesPerDay: number;
  learners: number;
  pushBatchMax: number;
};
export type StationResult = {
  stationId: string;
  dataDir: string;
  events: number;
  firstAckMs: number | null;
  doneMs: number;
  /** Attempts the hub answered 503 hub_busy (admission control) before a turn came. */
  busy: number;
};
export type ChildMessage = { ready: { events: number } } | { done: StationResult[] } | { failed: string };

const send = (message: ChildMessage) => process.send!(message);
const data = await new Promise<StationsChildData>((resolve) =>
  process.once('message', (message) => resolve(message as StationsChildData)),
);

async function prepare() {
  const stations = [];
  let events = 0;
  for (const { dataDir, token } of data.stations) {
    await enrollTestStation(dataDir, { url: data.hubUrl, token });
    const station = openTestStation(dataDir);
    events += recordClassDays(station, data.days, data.classesPerDay, { learners: data.learners, minutes: 90 });
    stations.push(station);
  }
  return { stations, events };
}

async function run(stations: Awaited<ReturnType<typeof prepare>>['stations']): Promise<StationResult[]> {
  const started = performance.now();
  return Promise.all(
    stations.map(async (station) => {
      let firstAckMs: number | null = null;
      let busy = 0;
      const engine = testEngine(station, data.hubUrl, {
        timeoutMs: 60_000,
        log: {
          ...silentLogger,
          warn: (event: string, fields?: Record<string, unknown>) => {
            if (event === 'sync.failed' && fields?.code === 'hub_busy') busy += 1;
          },
        },
        pushBatchMax: data.pushBatchMax,
        onAcknowledged: () => (firstAckMs ??= performance.now() - started),
        // A station back from a week offline: the catalogue is not due, the records are.
        timings: { retryBaseMs: 1_000, retryMaxMs: 10_000, backlogMs: 200, pullMs: 3_600_000, heartbeatMs: 3_600_000 },
      });
      engine.start();
      for (;;) {
        const status = engine.status();
        if (status.state === 'idle' && status.pending.events === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const doneMs = performance.now() - started;
      await engine.stop();
      const events = station.writer.head().seq;
      station.close();
      return { stationId: station.stationId, dataDir: station.dataDir, events, firstAckMs, doneMs, busy };
    }),
  );
}

try {
  const { stations, events } = await prepare();
  send({ ready: { events } });
  process.once('message', () => {
    run(stations).then(
      (results) => send({ done: results }),
      (error: unknown) => send({ failed: String(error) }),
    );
  });
} catch (error) {
  send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
