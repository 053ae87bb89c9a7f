// The projector window's display: which displays the station sees and the technician's choice.
import type { Handlers } from '../runtime/router.ts';
import type { AudienceDisplays } from './audience-displays.ts';

type DisplayHandlers = Pick<Handlers, 'projector.displays' | 'projector.chooseDisplay'>;

export function createDisplayHandlers(displays: AudienceDisplays): DisplayHandlers {
  return {
    'projector.displays': () => displays.view(),
    'projector.chooseDisplay': ({ choice }) => displays.choose(choice),
  };
}
