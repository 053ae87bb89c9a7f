// The devices as the heartbeat carries them to the hub (protocol/wire.ts): each projector and
// card reader with ok, missing or error, and a short detail — lamp and filter hours and the
// parts in trouble for the projector, the last error for a reader — so the province sees a
// dying lamp before a class is lost to it.
import type { HeartbeatRequest } from '../../protocol/wire.ts';
import type { DevicesView } from '../../preload/contract/channels/devices.ts';

export type HeartbeatDevice = HeartbeatRequest['devices'][number];

/** Errors that mean the device is not there at all, rather than there and failing. */
const ABSENT = new Set(['unreachable', 'not_found', 'timeout', 'closed', 'service_unavailable']);

const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 499)}…` : text);

export function heartbeatDevices(view: DevicesView): HeartbeatDevice[] {
  const devices: HeartbeatDevice[] = [];
  const projector = view.projector;
  if (projector) {
    const troubled = Object.entries(projector.health)
      .filter(([, health]) => health === 'warning' || health === 'error')
      .map(([part, health]) => `${part} ${health}`);
    const facts = [
      projector.power && `power ${projector.power}`,
      projector.lampHours.length > 0 && `lamp ${projector.lampHours.join('/')} h`,
      projector.filterHours !== null && `filter ${projector.filterHours} h`,
      ...troubled,
      projector.lastError && `last error ${projector.lastError.code}: ${projector.lastError.message}`,
    ].filter(Boolean);
    const status =
      projector.state === 'error' && projector.lastError && ABSENT.has(projector.lastError.code)
        ? 'missing'
        : projector.state === 'error' || troubled.some((part) => part.endsWith('error'))
          ? 'error'
          : 'ok';
    devices.push({ kind: 'projector', name: projector.name.slice(0, 100), status, detail: clip(facts.join('; ')) });
  }
  for (const reader of view.readers) {
    const status = reader.connected
      ? 'ok'
      : reader.lastError && !ABSENT.has(reader.lastError.code)
        ? 'error'
        : 'missing';
    const detail = reader.lastError
      ? `${reader.kind}; last error ${reader.lastError.code}: ${reader.lastError.message}`
      : reader.kind;
    devices.push({ kind: 'card_reader', name: reader.name.slice(0, 100), status, detail: clip(detail) });
  }
  return devices.slice(0, 50);
}
