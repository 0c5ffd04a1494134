// The preload: window.switchboard = { call, onEvent } over the contract's channels, nothing else.
// It runs sandboxed, where only `electron` and a few built-ins can be required, so it ships as one
// bundled CJS file (toolchain.md §5): this source is type-checked here and bundled by the build.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL } from '../shared/desktop.ts';
import { ipcChannels } from '../shared/ipc-contract.ts';
import { buildBridge } from './bridge.ts';

const api = buildBridge(
  ipcChannels,
  (channel, input) => ipcRenderer.invoke(channel, input),
  (listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
);

contextBridge.exposeInMainWorld('switchboard', api);
