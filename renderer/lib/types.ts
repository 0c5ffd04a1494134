// The contract's shapes under the names the UI uses. Types only: derived from the IPC contract so a
// contract change shows up here at type-check time.
import type { IpcInput, IpcOutput } from '../bridge.ts';

export type ItemSummary = IpcOutput<'inbox.list'>['items'][number];
export type ItemDetail = IpcOutput<'items.get'>;
export type UnifiedItem = ItemDetail['item'];
export type AccountInfo = IpcOutput<'accounts.list'>[number];
export type SourceId = ItemSummary['source'];
export type ItemKind = ItemSummary['kind'];
export type InboxFilters = Omit<IpcInput<'inbox.list'>, 'limit' | 'offset'>;
