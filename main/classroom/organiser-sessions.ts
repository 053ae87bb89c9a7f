// The organiser's session (main/station/unlock-sessions.ts): opened by organiser.unlock once
// the organiser's card and PIN were accepted, carried by every later organiser call, ended
// after `idleMs` without one, when the organiser locks the screen, and when their PIN is
// replaced. It knows who unlocked it — the roster learner the card named — and the rest of
// the station reads only `identity.name` for its audit trail.
import { createUnlockSessions, type UnlockSession, type UnlockSessions } from '../station/unlock-sessions.ts';

export const DEFAULT_ORGANISER_IDLE_MS = 10 * 60_000;

/** Who unlocked: an organiser of the site's roster, identified by their card. */
export type OrganiserIdentity = { kind: 'roster_organiser'; learnerId: string; name: string };

export type OrganiserSession = UnlockSession<OrganiserIdentity>;
export type OrganiserSessions = UnlockSessions<OrganiserIdentity>;

export function createOrganiserSessions(options: { idleMs?: number; now?: () => number } = {}): OrganiserSessions {
  return createUnlockSessions<OrganiserIdentity>({
    idleMs: options.idleMs ?? DEFAULT_ORGANISER_IDLE_MS,
    expired: 'organiser_session_expired',
    now: options.now,
  });
}
