// The one zustand store, combined from the slices, and the wiring from main's change events to the
// slices' refetches (events say what changed, never carry the data: see ipc-events.ts).
import { create } from 'zustand';
import { onConnection, onEvent, type IpcEvent } from '../bridge.ts';
import { createAccountsSlice, type AccountsSlice } from './accounts-slice.ts';
import { createInboxSlice, type InboxSlice } from './inbox-slice.ts';
import { createSearchSlice, type SearchSlice } from './search-slice.ts';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.ts';

export type Store = InboxSlice & SelectionSlice & SearchSlice & AccountsSlice;

export const useStore = create<Store>()((...a) => ({
  ...createInboxSlice(...a),
  ...createSelectionSlice(...a),
  ...createSearchSlice(...a),
  ...createAccountsSlice(...a),
}));

export function handleEvent(event: IpcEvent, store: Store = useStore.getState()): void {
  switch (event.type) {
    case 'items-changed':
    case 'items-removed':
      void store.refetchInbox();
      if (store.search.results) void store.runSearch();
      store.refreshOpen(event.ids);
      break;
    case 'accounts-changed':
    case 'account-health':
      void store.loadAccounts();
      break;
    case 'sync-progress':
      store.syncProgress(event.accountId, event.done, event.total);
      break;
    case 'outbox-changed':
    case 'actions-changed':
      break; // no view of these yet
  }
}

/** Loads the first data and subscribes to events; returns the unsubscribe. */
export function connectStore(): () => void {
  let opened = false;
  const offEvent = onEvent((event) => handleEvent(event));
  const offConnection = onConnection((state) => {
    if (state !== 'open') return;
    const store = useStore.getState();
    if (opened) {
      // Back after a drop: events may have been missed, so everything shown is refetched.
      void store.loadAccounts();
      void store.refetchInbox();
      if (store.search.results) void store.runSearch();
    }
    opened = true;
  });
  const store = useStore.getState();
  void store.loadAccounts();
  void store.loadInbox();
  return () => {
    offEvent();
    offConnection();
  };
}
