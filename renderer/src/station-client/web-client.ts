// The contract over the browser shell: POST for calls, one WebSocket for events. The token
// arrives in the URL fragment (never sent to a server), is kept for this tab only, and is
// removed from the address bar.
import type { LecternBridge } from '../../../preload/contract/api.ts';
import {
  HTTP_EVENTS_PATH,
  HTTP_INVOKE_PREFIX,
  HTTP_SESSION_PATH,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
} from '../../../preload/contract/wire-names.ts';
import type { Envelope } from '../../../preload/contract/errors.ts';

export const TOKEN_KEY = 'lectern.token';
const RECONNECT_MS = 2000;

export function takeTokenFromLocation(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(TOKEN_KEY);
}

export function createWebBridge(
  origin: string,
  token: string,
  // The station came back after a restart: the page starts afresh, so every screen asks for
  // the state it missed (a socket on 127.0.0.1 drops only when the station's process ends).
  onStationRestarted: () => void = () => window.location.reload(),
): LecternBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let lost = false;
  // Sets the media cookie so <video src="/media/…"> is let through (see web-shell-server.ts).
  void fetch(origin + HTTP_SESSION_PATH, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(
    () => undefined,
  );

  function connect(): void {
    socket = new WebSocket(origin.replace(/^http/, 'ws') + HTTP_EVENTS_PATH, [
      WS_PROTOCOL,
      WS_TOKEN_PROTOCOL_PREFIX + token,
    ]);
    socket.onopen = () => {
      if (lost) onStationRestarted();
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { event: string; payload: unknown };
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    };
    // The station may restart under a kiosk browser (same port, same token): keep trying quietly.
    socket.onclose = () => {
      lost = true;
      setTimeout(connect, RECONNECT_MS);
    };
  }

  return {
    async invoke(channel, input): Promise<Envelope> {
      try {
        const response = await fetch(origin + HTTP_INVOKE_PREFIX + encodeURIComponent(channel), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Envelope;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'The station does not answer' } };
      }
    },
    on(event, listener) {
      if (!socket) connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
