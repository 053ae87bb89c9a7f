// sync.* channels: the link to the hub as the home screen and the technician see it, a sync
// on demand, enrolling again after a revocation, and the ledger's export to a drive.
import type { Handlers } from '../runtime/router.ts';
import type { HubLink } from './hub-link.ts';

type SyncHandlers = Pick<Handlers, 'sync.status' | 'sync.now' | 'sync.reenroll' | 'sync.exportLedger'>;

export function createSyncHandlers(hubLink: HubLink): SyncHandlers {
  return {
    'sync.status': () => hubLink.status(),
    'sync.now': () => hubLink.syncNow(),
    'sync.reenroll': ({ token }) => hubLink.reenroll(token),
    'sync.exportLedger': ({ targetDir }) => hubLink.exportLedger(targetDir),
  };
}
