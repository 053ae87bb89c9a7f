// The projector window's display: which displays the station sees, and the technician's
// choice — a setting of the technician's page, so it carries their session.
import type { Handlers } from '../runtime/router.ts';
import type { AudienceDisplays } from './audience-displays.ts';

type DisplayHandlers = Pick<Handlers, 'projector.displays' | 'projector.chooseDisplay'>;

/** The technician's sessions (technician-channels.ts): `use` refuses an expired one. */
type TechnicianSessions = { use(token: string): unknown };

export function createDisplayHandlers(displays: AudienceDisplays, technician: TechnicianSessions): DisplayHandlers {
  return {
    'projector.displays': () => displays.view(),
    'projector.chooseDisplay': ({ technicianSession, choice }) => {
      technician.use(technicianSession);
      return displays.choose(choice);
    },
  };
}
