// The store's change events, renamed for the renderer. Kept a plain mapping so a new ChangeEvent kind
// is a compile error here (the switch must stay exhaustive) rather than a silently dropped event.
import type { IpcEvent } from '../../shared/ipc-events.ts';
import type { ChangeEvent } from '../store/changes.ts';

export function toIpcEvent(change: ChangeEvent): IpcEvent {
  switch (change.kind) {
    case 'items':
      return { type: 'items-changed', accountId: change.accountId, ids: change.ids };
    case 'items-removed':
      return { type: 'items-removed', accountId: change.accountId, ids: change.ids };
    case 'accounts':
      return { type: 'accounts-changed' };
    case 'health':
      return { type: 'account-health', accountId: change.accountId };
    case 'sync-progress':
      return {
        type: 'sync-progress',
        accountId: change.accountId,
        stream: change.stream,
        done: change.done,
        ...(change.total === undefined ? {} : { total: change.total }),
      };
    case 'outbox':
      return { type: 'outbox-changed', ids: change.ids };
    case 'actions':
      return { type: 'actions-changed' };
  }
}
