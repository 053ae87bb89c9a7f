// Names on the wires, in a file with no imports so the preload bundle stays tiny.
// Electron IPC. Kept here so preload and main cannot drift apart.
export const IPC_INVOKE = 'lectern:invoke';
export const IPC_EVENT = 'lectern:event';

// The browser shell's wire: POST {HTTP_INVOKE_PREFIX}<channel>, WebSocket at HTTP_EVENTS_PATH.
export const HTTP_INVOKE_PREFIX = '/api/invoke/';
export const HTTP_EVENTS_PATH = '/api/events';
export const HTTP_SESSION_PATH = '/api/session';
export const WS_PROTOCOL = 'lectern.v1';
// Browsers cannot set headers on a WebSocket, so the token rides as a second subprotocol.
export const WS_TOKEN_PROTOCOL_PREFIX = 'lectern.token.';

// Cached lesson media, under the app's own origin in both shells: lectern://app/media/<sha256>
// in Electron, http://127.0.0.1:PORT/media/<sha256> in the browser shell.
export const MEDIA_URL_PREFIX = '/media/';
// Live channels, relayed by the station under the same prefix (so the media cookie covers them).
export const LIVE_URL_PREFIX = '/media/live/';
