// The Electron shell's updates: electron-updater's updater for this platform (NSIS on
// Windows, AppImage or deb on Linux), pointed at the hub's feed once the station is enrolled,
// and every decision left to main/station/update-controller.ts. Checked at start (a release
// downloaded in an earlier run is found in electron-updater's cache and installed then) and
// every six hours; asked every 20 seconds whether a verified download may be installed now.
import electronUpdater from 'electron-updater';
import type { StationCore } from '../app/start-station.ts';
import type { Logger } from '../runtime/logger.ts';
import { stationPlatform } from '../station/update-check.ts';
import { createUpdateController, type UpdateController } from '../station/update-controller.ts';

const FIRST_CHECK_MS = 5000;
const CHECK_EVERY_MS = 6 * 60 * 60_000;
const TICK_MS = 20_000;

export function startUpdates(core: StationCore, version: string, log: Logger): () => void {
  let controller: UpdateController | null = null;
  const ensure = () => {
    if (controller) return controller;
    const identity = core.updateIdentity();
    if (!identity) return null;
    controller = createUpdateController({
      updater: electronUpdater.autoUpdater,
      station: { ...identity, platform: stationPlatform(), version },
      classroom: () => core.classTimes(),
      log,
    });
    return controller;
  };
  const check = () => void ensure()?.check();
  const tick = () => void ensure()?.tick();
  const first = setTimeout(check, FIRST_CHECK_MS);
  const checks = setInterval(check, CHECK_EVERY_MS);
  const ticks = setInterval(tick, TICK_MS);
  return () => {
    clearTimeout(first);
    clearInterval(checks);
    clearInterval(ticks);
  };
}
