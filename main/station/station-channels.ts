// station.* and display.* channels: who the station is, its health, and whether a lecture
// plays (so the projector stays awake).
import type { Handlers } from '../runtime/router.ts';
import { stationHealth } from './health.ts';
import { stationInfo } from './info.ts';
import type { StationService } from './station-service.ts';

type StationHandlers = Pick<Handlers, 'station.info' | 'station.health' | 'display.setPlaying'>;

export function createStationHandlers(station: StationService): StationHandlers {
  return {
    'station.info': () => stationInfo(station.context),
    'station.health': () => stationHealth(station.context),
    'display.setPlaying': (input) => {
      station.playing.set(input.playing);
      return { keepAwake: station.playing.get() };
    },
  };
}
