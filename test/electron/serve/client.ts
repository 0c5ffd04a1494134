// A test client for browser mode: opens the WebSocket with chosen token/Origin/Host, makes calls, collects events.
import http from 'node:http';
import WebSocket from 'ws';
import type { IpcResult } from '../../../electron/shared/ipc-contract.ts';
import type { IpcEvent } from '../../../electron/shared/ipc-events.ts';

export interface ConnectOptions {
  token?: string | undefined;
  origin?: string | undefined;
  host?: string;
  path?: string;
}

export type Connected = { ws: WebSocket; status?: undefined } | { ws?: undefined; status: number };

/** Resolves with the socket, or with the HTTP status the upgrade was refused with. */
export function connect(port: number, opts: ConnectOptions): Promise<Connected> {
  const query = opts.token === undefined ? '' : `?token=${encodeURIComponent(opts.token)}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/ipc'}${query}`, {
    ...(opts.origin === undefined ? {} : { origin: opts.origin }),
    ...(opts.host === undefined ? {} : { headers: { Host: opts.host } }),
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export class Rpc {
  readonly events: IpcEvent[] = [];
  readonly frames: unknown[] = [];
  readonly #pending = new Map<string | number, (frame: IpcResult) => void>();
  readonly #waiters: (() => void)[] = [];
  #next = 1;
  readonly ws: WebSocket;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id?: string | number | null; event?: IpcEvent } & IpcResult;
      this.frames.push(frame);
      if (frame.event) this.events.push(frame.event);
      else if (frame.id != null) this.#pending.get(frame.id)?.(frame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  call(channel: string, input?: unknown): Promise<IpcResult> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, channel, input }));
    });
  }

  /** Waits until `test` holds over the frames received so far. */
  async until(test: () => boolean): Promise<void> {
    while (!test()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  close(): void {
    this.ws.close();
  }
}

export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
