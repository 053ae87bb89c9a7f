// sync.* channels: the link to the hub as the home screen shows it, and a sync on demand.
import type { Handlers } from '../runtime/router.ts';
import type { HubLink } from './hub-link.ts';

type SyncHandlers = Pick<Handlers, 'sync.status' | 'sync.now'>;

export function createSyncHandlers(hubLink: HubLink): SyncHandlers {
  return {
    'sync.status': () => hubLink.status(),
    'sync.now': () => hubLink.syncNow(),
  };
}
