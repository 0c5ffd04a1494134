// The object the preload exposes, built without Electron so it is tested in Node. Only the contract's
// channels can be called (the allow-list is built from its keys), and event listeners get the payload
// alone: handing them Electron's IpcRendererEvent would give the page `sender`, i.e. raw ipcRenderer.
import type { IpcChannel, IpcResult } from '../shared/ipc-contract.ts';
import type { IpcEvent } from '../shared/ipc-events.ts';
import type { SwitchboardApi } from './api.d.ts';

export type Invoke = (channel: IpcChannel, input: unknown) => Promise<unknown>;
export type Subscribe = (listener: (payload: unknown) => void) => () => void;

export function buildBridge(keys: readonly IpcChannel[], invoke: Invoke, subscribe: Subscribe): SwitchboardApi {
  const allowed = new Set<string>();
  for (const key of keys) allowed.add(key);

  const call = async (channel: unknown, input: unknown): Promise<IpcResult> => {
    if (typeof channel !== 'string' || !allowed.has(channel)) {
      const name = typeof channel === 'string' ? `"${channel.slice(0, 100)}"` : 'a non-string channel';
      return { ok: false, error: { code: 'unknown-channel', message: `There is no call named ${name}.` } };
    }
    return (await invoke(channel as IpcChannel, input)) as IpcResult;
  };

  const onEvent = (listener: (event: IpcEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
    let active = true;
    const off = subscribe((payload) => {
      if (active) listener(payload as IpcEvent);
    });
    return () => {
      if (!active) return;
      active = false;
      off();
    };
  };

  return Object.freeze({ call, onEvent }) as SwitchboardApi;
}
