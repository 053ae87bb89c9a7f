// Finds the station: Electron's preload exposes a bridge as window.lectern; in the browser
// shell the renderer builds the same bridge over HTTP. Screens only ever see LecternApi.
import { createApi, type LecternApi, type LecternBridge } from '../../../preload/contract/api.ts';
import { createWebBridge, takeTokenFromLocation } from './web-client.ts';

declare global {
  interface Window {
    lectern?: LecternBridge;
  }
}

export function connectToStation(): LecternApi | { error: 'no-token' } {
  if (window.lectern) return createApi(window.lectern);
  const token = takeTokenFromLocation(window.location, window.sessionStorage, window.history);
  if (!token) return { error: 'no-token' };
  return createApi(createWebBridge(window.location.origin, token));
}
