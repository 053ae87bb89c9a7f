// The organiser's calls once unlocked: each carries the organiser session the station gave
// at unlock (never the PIN), and a session the station says has ended — idle too long,
// locked elsewhere, a new PIN — sends the organiser back to the PIN gate. The screen also
// goes back by itself when the session's idle time passes without a call, as the station
// ends it then.
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../preload/contract/channels.ts';

/** What organiser.unlock answered: the session, who it names, how long it lasts idle. */
export type OrganiserSession = { organiserSession: string; name: string; idleTimeoutMs: number };

/** The channels that take an organiser session. */
export type OrganiserChannel = {
  [C in ChannelName]: ChannelInput<C> extends { organiserSession: string } ? C : never;
}[ChannelName];

export type OrganiserCall = <C extends OrganiserChannel>(
  channel: C,
  input: Omit<ChannelInput<C>, 'organiserSession'>,
) => Promise<ChannelOutput<C>>;

export type OrganiserCaller = {
  readonly session: OrganiserSession;
  call: OrganiserCall;
  /** Ends the session at the station (the organiser leaves); never rejects. */
  lock(): Promise<void>;
};

const EXPIRED = 'organiser_session_expired';

function isExpired(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { refused?: unknown }).refused === EXPIRED;
}

export function createOrganiserCaller(
  station: LecternApi,
  session: OrganiserSession,
  onExpired: () => void,
  // Wrapped: a browser's setTimeout called as a method of another object throws "Illegal invocation".
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = {
    set: ((run: () => void, ms: number) => setTimeout(run, ms)) as typeof setTimeout,
    clear: (timer) => clearTimeout(timer),
  },
): OrganiserCaller {
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expire = () => {
    if (ended) return;
    ended = true;
    timers.clear(timer);
    onExpired();
  };
  const restartIdle = () => {
    timers.clear(timer);
    timer = timers.set(() => {
      // The station ends it about now too; saying so frees it at once.
      void station.invoke('organiser.lock', { organiserSession: session.organiserSession }).catch(() => undefined);
      expire();
    }, session.idleTimeoutMs);
  };
  restartIdle();

  const call: OrganiserCall = async (channel, input) => {
    restartIdle();
    const answer = await station.invoke(channel, {
      ...input,
      organiserSession: session.organiserSession,
    } as ChannelInput<typeof channel>);
    if (isExpired(answer)) expire();
    return answer;
  };

  return {
    session,
    call,
    async lock() {
      ended = true;
      timers.clear(timer);
      await station.invoke('organiser.lock', { organiserSession: session.organiserSession }).catch(() => undefined);
    },
  };
}
