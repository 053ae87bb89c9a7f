// station.* and display.* channels: who the station is, its health, and whether a lecture
// plays (so the projector stays awake).
import type { Handlers } from '../runtime/router.ts';
import { stationHealth } from './health.ts';
import { stationInfo } from './info.ts';
import type { StationService } from './station-service.ts';

type StationHandlers = Pick<Handlers, 'station.info' | 'station.health' | 'display.setPlaying'>;

export function createStationHandlers(station: StationService): StationHandlers {
  return {
    // The home screen asks for both first; once one is answered, the ledger's full check may start.
    'station.info': () => {
      const info = stationInfo(station.context);
      station.firstScreenAnswered();
      return info;
    },
    'station.health': () => {
      const health = stationHealth(station.context);
      station.firstScreenAnswered();
      return health;
    },
    'display.setPlaying': (input) => {
      station.playing.set(input.playing);
      return { keepAwake: station.playing.get() };
    },
  };
}
