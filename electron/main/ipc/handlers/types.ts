// A handler per contract key: it receives the parsed input and returns what the output schema accepts.
import type { z } from 'zod';
import type { IpcChannel, IpcContract, IpcParsedInput } from '../../../shared/ipc-contract.ts';
import type { App } from '../../app.ts';

type Returned<C extends IpcChannel> = z.input<IpcContract[C]['output']>;

export type IpcHandler<C extends IpcChannel> = (input: IpcParsedInput<C>) => Promise<Returned<C>> | Returned<C>;

export type IpcHandlers = { [C in IpcChannel]: IpcHandler<C> };

/** The part of the contract one domain file binds. */
export type HandlerGroup<K extends IpcChannel> = { [C in K]: IpcHandler<C> };

export type HandlerApp = Pick<App, 'db' | 'bus' | 'secrets' | 'host' | 'orchestrator' | 'outbox' | 'log'>;
