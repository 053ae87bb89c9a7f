// The station core that both shells run: databases opened and checked, the router with every
// handler, the event bus. Electron and the browser shell differ only in transport.
import { createPlayingState, type PlayingState } from '../kiosk/playing-state.ts';
import type { StationDatabases } from '../storage/station-databases.ts';
import { openStationDatabases } from '../storage/station-databases.ts';
import { stationHealth } from '../station/health.ts';
import { stationInfo } from '../station/info.ts';
import type { StationContext } from '../station/station-context.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import type { Logger } from './logger.ts';
import { createRouter, type Router } from './router.ts';

export interface StationCoreOptions {
  dataDir: string;
  version: string;
  runtime: 'electron' | 'web';
  log: Logger;
}

export interface StationCore {
  router: Router;
  bus: EventBus;
  databases: StationDatabases;
  context: StationContext;
  playing: PlayingState;
  close(): void;
}

const HEALTH_INTERVAL_MS = 30_000;

export function startStationCore(options: StationCoreOptions): StationCore {
  const databases = openStationDatabases(options.dataDir, options.log);
  const context: StationContext = {
    version: options.version,
    runtime: options.runtime,
    dataDir: options.dataDir,
    startedAt: new Date(),
    databases,
    now: () => performance.now(),
    startedAtMonotonic: performance.now(),
  };
  const bus = createEventBus();
  const playing = createPlayingState();
  const router = createRouter(
    {
      'station.info': () => stationInfo(context),
      'station.health': () => stationHealth(context),
      'display.setPlaying': (input) => {
        playing.set(input.playing);
        return { keepAwake: playing.get() };
      },
    },
    options.log,
  );

  // Publish health when its verdict changes, so screens update without polling.
  let lastStatus = '';
  const publishHealth = () => {
    const health = stationHealth(context);
    const summary = `${health.status}:${health.checks.map((check) => check.status).join(',')}`;
    if (summary !== lastStatus) {
      lastStatus = summary;
      bus.publish('station.healthChanged', health);
    }
  };
  const timer = setInterval(publishHealth, HEALTH_INTERVAL_MS);
  timer.unref();
  publishHealth();

  options.log.info('station.started', {
    dataDir: options.dataDir,
    runtime: options.runtime,
    catalog: databases.catalog.state.state,
    ledger: databases.ledger.state.state,
  });

  return {
    router,
    bus,
    databases,
    context,
    playing,
    close() {
      clearInterval(timer);
      databases.close();
    },
  };
}
