// devices.* channels (the technician's device page: its settings and tests carry the
// technician session, like every technician call) and the organiser's projector controls on
// the class screen, which carry the organiser session like every organiser call.
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

/** The technician's sessions (main/station/technician-channels.ts): `use` refuses an expired one. */
type TechnicianSessions = { use(token: string): unknown };

export function createDevicesHandlers(
  devices: DevicesService,
  sessions: OrganiserSessions,
  technician: TechnicianSessions,
): DevicesHandlers {
  return {
    'devices.status': () => devices.view(),
    'devices.config': ({ technicianSession }) => {
      technician.use(technicianSession);
      return devices.config();
    },
    'devices.saveConfig': ({ technicianSession, config }) => {
      technician.use(technicianSession);
      return devices.saveConfig(config);
    },
    'devices.discover': async ({ technicianSession }) => {
      technician.use(technicianSession);
      return { found: await devices.discover() };
    },
    'devices.testProjector': ({ technicianSession, action, input }) => {
      technician.use(technicianSession);
      return devices.projectorCommand(action, input);
    },
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
