// One entry for every call, whatever carries it (Electron's ipcMain, the browser-mode WebSocket):
// the channel must be a contract key, the input must parse, the handler's answer must parse too (a
// handler bug returns `internal`, never a half-shaped object), and errors become typed codes.
import type { Logger } from '../../../connectors/contract/runtime.ts';
import { ipcContract, isIpcChannel, type IpcChannel, type IpcResult } from '../../shared/ipc-contract.ts';
import { describeZodError, INTERNAL_MESSAGE, toIpcError } from './errors.ts';
import { accountHandlers } from './handlers/accounts.ts';
import { actionHandlers } from './handlers/actions.ts';
import { itemHandlers } from './handlers/items.ts';
import { outboxHandlers } from './handlers/outbox.ts';
import type { HandlerApp, IpcHandler, IpcHandlers } from './handlers/types.ts';

export type { IpcHandlers } from './handlers/types.ts';

export function createIpcHandlers(app: HandlerApp): IpcHandlers {
  return { ...accountHandlers(app), ...itemHandlers(app), ...actionHandlers(app), ...outboxHandlers(app) };
}

export type Dispatch = (channel: unknown, rawInput: unknown) => Promise<IpcResult>;

export async function dispatch(handlers: IpcHandlers, log: Pick<Logger, 'error'>, channel: unknown, rawInput: unknown): Promise<IpcResult> {
  if (!isIpcChannel(channel)) {
    const name = typeof channel === 'string' ? `"${channel.slice(0, 100)}"` : 'a non-string channel';
    return { ok: false, error: { code: 'unknown-channel', message: `There is no call named ${name}.` } };
  }
  const schema = ipcContract[channel];
  const input = schema.input.safeParse(rawInput);
  if (!input.success) {
    return { ok: false, error: { code: 'bad-request', message: `${channel}: ${describeZodError(input.error)}` } };
  }
  let raw: unknown;
  try {
    // The map is keyed by the same channel, so the handler matches the schema that parsed the input.
    const handler = handlers[channel] as IpcHandler<IpcChannel> as (input: unknown) => unknown;
    raw = await handler(input.data);
  } catch (err) {
    return { ok: false, error: toIpcError(err, log, channel) };
  }
  const output = schema.output.safeParse(raw);
  if (!output.success) {
    log.error({ channel, issues: output.error.issues.slice(0, 5) }, 'IPC handler returned data that breaks the contract');
    return { ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } };
  }
  return { ok: true, result: output.data } as IpcResult;
}

/** The dispatch a transport uses: handlers bound to the app once. */
export function createDispatch(app: HandlerApp, handlers: IpcHandlers = createIpcHandlers(app)): Dispatch {
  return (channel, rawInput) => dispatch(handlers, app.log, channel, rawInput);
}
