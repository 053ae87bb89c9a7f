// Finds the station: Electron's preload exposes window.lectern; in the browser shell the
// renderer builds the same API over HTTP. Screens only ever see LecternApi.
import type { LecternApi } from '../../../preload/contract/api.ts';
import { createWebClient, takeTokenFromLocation } from './web-client.ts';

declare global {
  interface Window {
    lectern?: LecternApi;
  }
}

export function connectToStation(): LecternApi | { error: 'no-token' } {
  if (window.lectern) return window.lectern;
  const token = takeTokenFromLocation(window.location, window.sessionStorage, window.history);
  if (!token) return { error: 'no-token' };
  return createWebClient(window.location.origin, token);
}
