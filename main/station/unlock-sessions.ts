// Sessions opened by a PIN (the organiser's at the class screen, the technician's at the
// technician page). The PIN is checked once, when the person unlocks (one scrypt run,
// behind the account's lockout); that opens a session — a random token kept here in main,
// never the PIN — which every later call carries instead. Checking a token is a map lookup,
// so no later call costs a scrypt run. A session ends after `idleMs` without a call, when
// its holder locks the screen, and for everyone when `closeAll` is called (a PIN replaced).
// Sessions live in memory only: a restart ends them all.
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Refusal } from '../../preload/contract/channels.ts';
import { Refused } from '../runtime/refusal.ts';

export type UnlockSession<Identity> = {
  /** 256 random bits, base64url: what the screen holds and every call carries. */
  token: string;
  identity: Identity;
  /** Monotonic ms, like lastUsedAt: a wall clock set back or forward ends no session. */
  openedAt: number;
  lastUsedAt: number;
};

export interface UnlockSessions<Identity> {
  /** A session ends this long after its last call. */
  readonly idleMs: number;
  open(identity: Identity): UnlockSession<Identity>;
  /** The session a call carries, its idle time restarted; refuses `expired` for an unknown, idle or locked token. */
  use(token: string): UnlockSession<Identity>;
  /** Ends one session (its holder locked the screen); an unknown token is no error. */
  close(token: string): void;
  /** Ends every session, or those whose identity matches. */
  closeAll(which?: (identity: Identity) => boolean): void;
}

export function createUnlockSessions<Identity>(options: {
  idleMs: number;
  expired: Refusal;
  now?: () => number;
}): UnlockSessions<Identity> {
  const { idleMs } = options;
  if (!(idleMs > 0)) throw new RangeError(`The idle time must be positive, got ${idleMs}`);
  const now = options.now ?? (() => performance.now());
  const sessions = new Map<string, UnlockSession<Identity>>();

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
      if (!session) throw new Refused(options.expired, 'The session is unknown or has expired');
      session.lastUsedAt = now();
      return session;
    },
    close(token) {
      sessions.delete(token);
    },
    closeAll(which) {
      for (const [token, session] of sessions) if (!which || which(session.identity)) sessions.delete(token);
    },
  };
}
