// What the preload exposes as `window.switchboard`, typed from the IPC contract. Calls resolve with
// the IpcResult (never reject for an IPC error) because Electron flattens a rejected invoke into a
// string; renderer/bridge.ts turns `{ ok: false }` into a typed error. Absent in browser mode.
import type { IpcChannel, IpcInput, IpcResult } from '../shared/ipc-contract.ts';
import type { IpcEvent } from '../shared/ipc-events.ts';

export interface SwitchboardApi {
  call<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResult<C>>;
  /** Returns the unsubscribe. The listener receives the event only, never Electron's event object. */
  onEvent(listener: (event: IpcEvent) => void): () => void;
}

declare global {
  interface Window {
    readonly switchboard?: SwitchboardApi;
  }
}
