// The organiser's session. The PIN is checked once, when the organiser unlocks (one scrypt
// run, behind the pin guard's lockout); that opens a session — a random token kept here in
// main, never the PIN — which every later organiser call carries instead. Checking a token
// is a map lookup, so a card tap, the attendance refresh after it, or any other organiser
// call costs no scrypt. A session ends after `idleMs` without an organiser call, when the
// organiser locks the screen, and for everyone when the PIN is replaced. Sessions live in
// memory only: a restart ends them all, and the organiser enters the PIN again.
//
// A session knows who unlocked it. Today that is whoever knows the station's PIN, under the
// name they typed. When organisers become roster members who unlock with card + PIN, their
// kind joins OrganiserIdentity (with the learner id the card gave), and the lockout is
// counted per account; the rest of the station reads only `identity.name` for its audit
// trail, and the kind for what it allows.
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Refused } from '../runtime/refusal.ts';

export const DEFAULT_ORGANISER_IDLE_MS = 10 * 60_000;

/** Who unlocked: today the holder of the station's PIN, named by what they typed. */
export type OrganiserIdentity = { kind: 'station_pin'; name: string };

export type OrganiserSession = {
  /** 256 random bits, base64url: what the screen holds and every organiser call carries. */
  token: string;
  identity: OrganiserIdentity;
  /** Monotonic ms, like lastUsedAt: a wall clock set back or forward ends no session. */
  openedAt: number;
  lastUsedAt: number;
};

export interface OrganiserSessions {
  /** A session ends this long after its last organiser call. */
  readonly idleMs: number;
  open(identity: OrganiserIdentity): OrganiserSession;
  /**
   * The session a call carries, its idle time restarted; refuses `organiser_session_expired`
   * for a token that is unknown, idle too long, locked or ended by a new PIN.
   */
  use(token: string): OrganiserSession;
  /** Ends one session (the organiser locked the screen); an unknown token is no error. */
  close(token: string): void;
  /** Ends every session (the PIN was replaced). */
  closeAll(): void;
}

export function createOrganiserSessions(options: { idleMs?: number; now?: () => number } = {}): OrganiserSessions {
  const idleMs = options.idleMs ?? DEFAULT_ORGANISER_IDLE_MS;
  if (!(idleMs > 0)) throw new RangeError(`The organiser idle time must be positive, got ${idleMs}`);
  const now = options.now ?? (() => performance.now());
  const sessions = new Map<string, OrganiserSession>();

  const prune = () => {
    for (const [token, session] of sessions) if (now() - session.lastUsedAt >= idleMs) sessions.delete(token);
  };

  return {
    idleMs,
    open(identity) {
      prune();
      const at = now();
      const session = { token: crypto.randomBytes(32).toString('base64url'), identity, openedAt: at, lastUsedAt: at };
      sessions.set(session.token, session);
      return session;
    },
    use(token) {
      prune();
      const session = sessions.get(token);
      if (!session) throw new Refused('organiser_session_expired', 'The organiser session is unknown or has expired');
      session.lastUsedAt = now();
      return session;
    },
    close(token) {
      sessions.delete(token);
    },
    closeAll() {
      sessions.clear();
    },
  };
}
