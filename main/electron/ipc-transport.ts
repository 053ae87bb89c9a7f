// Transport 1: Electron IPC. One handle for every contract call, answered only for frames
// that show the app (kiosk/window-policy.ts decides); events go to every window's frame (the
// kiosk window, and the projector window when there is one).
import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../preload/contract/wire-names.ts';
import type { Envelope } from '../../preload/contract/errors.ts';
import type { StationCore } from '../app/start-station.ts';
import { isTrustedSender } from '../station/kiosk/window-policy.ts';

export function registerIpcTransport(core: StationCore, getWindows: () => (BrowserWindow | null)[]): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<Envelope> => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted only from the Lectern app' } };
    }
    return core.router.dispatch(String(channel), input);
  });
  const unsubscribe = core.bus.subscribe((name, payload) => {
    for (const window of getWindows())
      if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
