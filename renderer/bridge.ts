// The only file that touches the transport. In Electron the preload exposes `window.switchboard`; in a
// browser tab (`npm run serve`) the same contract travels over a WebSocket to the loopback server.
// Everything above this file sees one typed `call()` that resolves with the output or throws
// IpcCallError, and one `onEvent()`.
import { IpcError, type IpcChannel, type IpcInput, type IpcOutput, type IpcResult } from '../electron/shared/ipc-contract.ts';
import { WireEvent, type IpcEvent } from '../electron/shared/ipc-events.ts';

export type { IpcChannel, IpcInput, IpcOutput } from '../electron/shared/ipc-contract.ts';
export type { IpcEvent } from '../electron/shared/ipc-events.ts';
export type IpcErrorCode = IpcError['code'];

/** A call that main answered with `{ ok: false }` (or that never got an answer). */
export class IpcCallError extends Error {
  readonly code: IpcErrorCode;
  readonly channel: string;
  /** 1-based column of a search syntax error (`bad-query`). */
  readonly column: number | undefined;
  /** The setting an `invalid-settings` error is about. */
  readonly field: string | undefined;
  constructor(channel: string, error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
    this.channel = channel;
    this.code = error.code;
    this.column = error.column;
    this.field = error.field;
  }
}

/**
 * What the preload exposes. Declared here so the renderer type-checks without the preload; the
 * preload's api.d.ts must stay assignable to it (results are IpcResult, never thrown errors, because
 * Electron flattens rejections of ipcRenderer.invoke into plain strings).
 */
export interface PreloadApi {
  call(channel: string, input: unknown): Promise<IpcResult>;
  onEvent(listener: (event: IpcEvent) => void): () => void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Bridge {
  call<C extends IpcChannel>(channel: C, ...input: IpcInput<C> extends void ? [input?: undefined] : [input: IpcInput<C>]): Promise<IpcOutput<C>>;
  onEvent(listener: (event: IpcEvent) => void): () => void;
  /** 'open' again after a drop means events may have been missed: views should refetch. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

type Listener<T> = (value: T) => void;

function emitter<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    add(listener: Listener<T>): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(value: T): void {
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (err) {
          // One broken view must not stop the others from hearing about changes.
          console.error('IPC listener failed', err);
        }
      }
    },
  };
}

/** Maps a raw result to the output or a typed error; a malformed error object is reported as 'internal'. */
function settle<C extends IpcChannel>(channel: C, result: IpcResult): IpcOutput<C> {
  if (result.ok) return result.result as IpcOutput<C>;
  const parsed = IpcError.safeParse(result.error);
  throw new IpcCallError(channel, parsed.success ? parsed.data : { code: 'internal', message: 'Main answered with a malformed error.' });
}

export function createPreloadBridge(api: PreloadApi): Bridge {
  const connection = emitter<ConnectionState>();
  return {
    call: async (channel, ...input) => settle(channel, await api.call(channel, input[0])),
    onEvent: (listener) => api.onEvent(listener),
    onConnection: (listener) => {
      listener('open');
      return connection.add(listener);
    },
    close: () => undefined,
  };
}

export interface SocketBridgeOptions {
  url: string;
  /** Injected by tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket;
  /** Backoff after a drop: base * 2^attempt, capped (ms). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

interface Pending {
  channel: IpcChannel;
  frame: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function createSocketBridge(options: SocketBridgeOptions): Bridge {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const base = options.backoffBaseMs ?? 250;
  const max = options.backoffMaxMs ?? 10_000;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const events = emitter<IpcEvent>();
  const connection = emitter<ConnectionState>();
  const pending = new Map<number, Pending>();
  /** Calls made while the socket is not open wait here and go out on the next open. */
  let queued: number[] = [];
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let socket: WebSocket;

  const onMessage = (raw: unknown) => {
    let frame: unknown;
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return console.warn('IPC: a frame that is not JSON was ignored');
    }
    const event = WireEvent.safeParse(frame);
    if (event.success) return events.emit(event.data.event);
    const answer = frame as { id?: unknown; ok?: unknown; result?: unknown; error?: unknown; event?: unknown } | null;
    if (answer && typeof answer === 'object' && 'event' in answer) return console.warn('IPC: a malformed event was ignored');
    if (typeof answer?.id !== 'number') {
      // id null: the server could not read a frame of ours; every frame we send is well formed.
      return console.warn('IPC: an answer without a call id', answer?.error);
    }
    const call = pending.get(answer.id);
    if (!call) return;
    pending.delete(answer.id);
    try {
      call.resolve(settle(call.channel, answer as IpcResult));
    } catch (err) {
      call.reject(err);
    }
  };

  const connect = () => {
    connection.emit('connecting');
    socket = new Impl(options.url);
    socket.onopen = () => {
      attempt = 0;
      connection.emit('open');
      const ids = queued;
      queued = [];
      for (const id of ids) {
        const call = pending.get(id);
        if (call) socket.send(call.frame);
      }
    };
    socket.onmessage = (message) => onMessage(message.data);
    socket.onclose = () => {
      // Calls already sent may or may not have run: fail them rather than resend (sends are not idempotent).
      for (const [id, call] of pending) {
        if (queued.includes(id)) continue;
        pending.delete(id);
        call.reject(new IpcCallError(call.channel, { code: 'unavailable', message: 'The connection to Switchboard was lost.' }));
      }
      connection.emit('closed');
      if (closed) return;
      const delay = Math.min(max, base * 2 ** attempt);
      attempt += 1;
      setTimer(connect, delay);
    };
    socket.onerror = () => undefined; // onclose follows and does the work
  };
  connect();

  return {
    call: (channel, ...input) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new IpcCallError(channel, { code: 'unavailable', message: 'The bridge is closed.' }));
        const id = nextId++;
        const frame = JSON.stringify({ id, channel, input: input[0] });
        pending.set(id, { channel, frame, resolve: resolve as (v: unknown) => void, reject });
        if (socket.readyState === Impl.OPEN) socket.send(frame);
        else queued.push(id);
      }),
    onEvent: (listener) => events.add(listener),
    onConnection: (listener) => connection.add(listener),
    close: () => {
      closed = true;
      socket.close();
    },
  };
}

/** ws://<this host>/ipc?token=…, the token being the one the server printed in the page URL. */
export function socketUrl(location: Pick<Location, 'host' | 'search' | 'protocol'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ipc?token=${encodeURIComponent(token)}`;
}

let instance: Bridge | undefined;

/** The app's bridge, created on first use. */
export function bridge(): Bridge {
  if (!instance) {
    const api = (window as Window & { switchboard?: PreloadApi }).switchboard;
    instance = api ? createPreloadBridge(api) : createSocketBridge({ url: socketUrl(window.location) });
  }
  return instance;
}

export const call: Bridge['call'] = (channel, ...input) => bridge().call(channel, ...input);
export const onEvent: Bridge['onEvent'] = (listener) => bridge().onEvent(listener);
export const onConnection: Bridge['onConnection'] = (listener) => bridge().onConnection(listener);
