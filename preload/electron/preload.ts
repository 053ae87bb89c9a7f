// The contextBridge: exposes window.lectern (a LecternBridge) to the sandboxed renderer and
// nothing else. No Node, no ipcRenderer, no arbitrary channel: only the contract's invoke
// and its event stream. Bundled to CommonJS because sandboxed preloads cannot be ESM.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { LecternBridge } from '../contract/api.ts';
import { IPC_EVENT, IPC_INVOKE } from '../contract/wire-names.ts';

const bridge: LecternBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, String(channel), input),
  on(event, listener) {
    const forward = (_ipcEvent: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT, forward);
  },
};

contextBridge.exposeInMainWorld('lectern', bridge);
