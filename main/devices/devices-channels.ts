// devices.* channels (the technician's device page) and the organiser's projector controls
// on the class screen, which carry the organiser session like every organiser call.
import type { Handlers } from '../runtime/router.ts';
import type { OrganiserSessions } from '../classroom/organiser-sessions.ts';
import type { DevicesService } from './devices-service.ts';

type DevicesHandlers = Pick<
  Handlers,
  | 'devices.status'
  | 'devices.config'
  | 'devices.saveConfig'
  | 'devices.discover'
  | 'devices.testProjector'
  | 'organiser.projector'
  | 'organiser.projectorControl'
>;

export function createDevicesHandlers(devices: DevicesService, sessions: OrganiserSessions): DevicesHandlers {
  return {
    'devices.status': () => devices.view(),
    'devices.config': () => devices.config(),
    'devices.saveConfig': ({ config }) => devices.saveConfig(config),
    'devices.discover': async () => ({ found: await devices.discover() }),
    'devices.testProjector': ({ action, input }) => devices.projectorCommand(action, input),
    'organiser.projector': ({ organiserSession }) => {
      sessions.use(organiserSession);
      const projector = devices.view().projector;
      return { outcome: projector ? 'ok' : 'not_configured', message: null, projector };
    },
    'organiser.projectorControl': ({ organiserSession, action, input }) => {
      sessions.use(organiserSession);
      return devices.projectorCommand(action, input);
    },
  };
}
