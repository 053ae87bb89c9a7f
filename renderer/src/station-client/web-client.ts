// The contract over the browser shell: POST for calls, one WebSocket for events. The token
// arrives in the URL fragment (never sent to a server), is kept for this tab only, and is
// removed from the address bar.
import {
  HTTP_EVENTS_PATH,
  HTTP_INVOKE_PREFIX,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
  type LecternApi,
} from '../../../preload/contract/api.ts';
import { isEventName, type EventName } from '../../../preload/contract/channels.ts';
import { ContractError, unwrapEnvelope } from '../../../preload/contract/errors.ts';

const TOKEN_KEY = 'lectern.token';
const RECONNECT_MS = 2000;

export function takeTokenFromLocation(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(TOKEN_KEY);
}

export function createWebClient(origin: string, token: string): LecternApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let socket: WebSocket | null = null;

  function connect(): void {
    const url = origin.replace(/^http/, 'ws') + HTTP_EVENTS_PATH;
    socket = new WebSocket(url, [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + token]);
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { event: string; payload: unknown };
      if (!isEventName(frame.event)) return;
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload as never);
    };
    // The station may restart under a kiosk browser; keep trying quietly.
    socket.onclose = () => setTimeout(connect, RECONNECT_MS);
  }

  return {
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(origin + HTTP_INVOKE_PREFIX + encodeURIComponent(channel), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new ContractError({ code: 'INTERNAL', message: 'The station does not answer' });
      }
      return unwrapEnvelope(await response.json()) as never;
    },
    on(event, listener) {
      if (!socket) connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
