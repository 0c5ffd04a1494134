// One browser-mode WebSocket: every frame is a JSON call `{ id, channel, input }` answered by
// `{ id, ok, result | error }`. Nothing a client sends can throw out of here: bad frames get an error
// frame, and the connection stays usable.
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../../../connectors/contract/runtime.ts';
import { WireRequest, type IpcError, type WireResponse } from '../../shared/ipc-contract.ts';
import type { Dispatch } from '../ipc/dispatch.ts';
import { describeZodError, INTERNAL_MESSAGE } from '../ipc/errors.ts';

export interface ConnectionOptions {
  dispatch: Dispatch;
  log: Pick<Logger, 'warn' | 'error'>;
  /** Larger text frames are answered with `too-large` (the ws hard limit above it closes the socket). */
  maxMessageBytes: number;
  /** Calls running at once per connection; more are answered with `busy`. */
  maxInFlight: number;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

export function send(socket: WebSocket, frame: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

export function handleConnection(socket: WebSocket, opts: ConnectionOptions): void {
  let inFlight = 0;
  const refuse = (id: WireResponse['id'], error: IpcError) => send(socket, { id, ok: false, error } satisfies WireResponse);

  socket.on('error', (err) => opts.log.warn({ err }, 'browser-mode WebSocket error'));
  socket.on('message', (data, isBinary) => {
    if (isBinary) return refuse(null, { code: 'bad-request', message: 'Frames must be JSON text, not binary.' });
    if (byteLength(data) > opts.maxMessageBytes) {
      return refuse(null, { code: 'too-large', message: `A call may be at most ${opts.maxMessageBytes} bytes.` });
    }
    let json: unknown;
    try {
      json = JSON.parse(text(data));
    } catch {
      return refuse(null, { code: 'bad-request', message: 'The frame is not JSON.' });
    }
    const request = WireRequest.safeParse(json);
    if (!request.success) {
      const id = WireRequest.shape.id.safeParse((json as { id?: unknown } | null)?.id);
      return refuse(id.success ? id.data : null, { code: 'bad-request', message: describeZodError(request.error) });
    }
    const { id, channel, input } = request.data;
    if (inFlight >= opts.maxInFlight) {
      return refuse(id, { code: 'busy', message: `At most ${opts.maxInFlight} calls may run at once on one connection.` });
    }
    inFlight += 1;
    opts
      .dispatch(channel, input)
      .then((result) => send(socket, { id, ...result } satisfies WireResponse))
      .catch((err: unknown) => {
        // dispatch never rejects by design; if it does, that is a bug worth a log line.
        opts.log.error({ err, channel }, 'IPC dispatch rejected');
        refuse(id, { code: 'internal', message: INTERNAL_MESSAGE });
      })
      .finally(() => {
        inFlight -= 1;
      });
  });
}
