// The API the renderer sees as `window.lectern`, whichever transport carries it.
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './channels.ts';

export interface LecternApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Returns a function that removes the listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

// Names on the Electron IPC wire. Kept here so preload and main cannot drift apart.
export const IPC_INVOKE = 'lectern:invoke';
export const IPC_EVENT = 'lectern:event';

// The browser shell's wire: POST {HTTP_INVOKE_PREFIX}<channel>, WebSocket at HTTP_EVENTS_PATH.
export const HTTP_INVOKE_PREFIX = '/api/invoke/';
export const HTTP_EVENTS_PATH = '/api/events';
export const WS_PROTOCOL = 'lectern.v1';
// Browsers cannot set headers on a WebSocket, so the token rides as a second subprotocol.
export const WS_TOKEN_PROTOCOL_PREFIX = 'lectern.token.';
