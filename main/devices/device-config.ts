// The classroom's device configuration, saved in the data folder (devices.json) so it
// survives restarts: which projector (PJLink, RS-232 command set, or the simulator), which
// card readers, and the projector's automation. The file holds the PJLink password, so it
// is written readable by the station's user only. A file that cannot be read as a
// configuration is moved aside intact (devices.json.broken-<time>), the station runs with no
// devices configured, and the technician's page says where the old file went.
import fs from 'node:fs';
import path from 'node:path';
import { renameDurablySync, writeFileDurably } from '../../common/node/durable-file.ts';
import {
  deviceConfigSchema,
  type DeviceConfig,
  type DeviceConfigView,
} from '../../preload/contract/channels/devices.ts';

export const DEVICES_FILE = 'devices.json';

export type LoadedConfig = { config: DeviceConfig; movedTo: string | null };

export const DEFAULT_CONFIG: DeviceConfig = deviceConfigSchema.parse({});

export function loadDeviceConfig(dataDir: string, now = Date.now()): LoadedConfig {
  const file = path.join(dataDir, DEVICES_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: DEFAULT_CONFIG, movedTo: null };
    throw error;
  }
  try {
    return { config: deviceConfigSchema.parse(JSON.parse(text)), movedTo: null };
  } catch {
    const movedTo = `${file}.broken-${now}`;
    renameDurablySync(file, movedTo);
    return { config: DEFAULT_CONFIG, movedTo };
  }
}

export async function saveDeviceConfig(dataDir: string, config: DeviceConfig): Promise<void> {
  const checked = deviceConfigSchema.parse(config);
  await writeFileDurably(path.join(dataDir, DEVICES_FILE), `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
}

/** What screens may see: the password replaced by whether one is set. */
export function configView(config: DeviceConfig): DeviceConfigView {
  const { projector } = config;
  if (projector?.kind !== 'pjlink') return { ...config, projector };
  const { password, ...rest } = projector;
  return { ...config, projector: { ...rest, passwordSet: password !== null } };
}
