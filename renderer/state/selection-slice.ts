// Which row of the visible list is selected, and the item open in the reading pane.
import type { StateCreator } from 'zustand';
import { call } from '../bridge.ts';
import type { ItemDetail, ItemSummary } from '../lib/types.ts';
import type { Store } from './store.ts';

// ---- State ----------------------------------------------------------------------------------------

export interface SelectionState {
  index: number;
  openId: number | null;
  detail: ItemDetail | null;
  /** The open item's conversation (chats show it as bubbles). */
  thread: ItemSummary[];
  loading: boolean;
  error: string | null;
  /** Messages whose remote images the user allowed, this session. */
  remoteAllowed: Record<number, true>;
}

export interface SelectionSlice {
  selection: SelectionState;
  select(index: number): void;
  move(delta: number): void;
  /** Opens the selected row, or the item with this id. */
  open(id?: number): Promise<void>;
  close(): void;
  allowRemote(id: number): void;
  /** Reloads the open item after a change event named it. */
  refreshOpen(ids: readonly number[]): void;
}

// ---- Selectors ------------------------------------------------------------------------------------

/** Search results replace the inbox while a query is active. */
export function visibleItems(s: Store): ItemSummary[] {
  return s.search.results ?? s.inbox.items;
}

export function selectedItem(s: Store): ItemSummary | undefined {
  return visibleItems(s)[s.selection.index];
}

// ---- Initial state --------------------------------------------------------------------------------

const initialSelection: SelectionState = { index: 0, openId: null, detail: null, thread: [], loading: false, error: null, remoteAllowed: {} };

// ---- Actions --------------------------------------------------------------------------------------

export const createSelectionSlice: StateCreator<Store, [], [], SelectionSlice> = (set, get) => {
  const patch = (p: Partial<SelectionState>) => set((s) => ({ selection: { ...s.selection, ...p } }));

  async function load(id: number, markRead: boolean): Promise<void> {
    try {
      const detail = await call('items.get', { id });
      const { item } = detail;
      const thread =
        item.kind === 'message'
          ? (await call('conversation.list', { accountId: detail.accountId, conversationId: item.conversationId, limit: 200 })).items
          : [];
      if (get().selection.openId !== id) return; // the user moved on meanwhile
      patch({ detail, thread, loading: false, error: null });
      if (markRead && item.isUnread) await call('items.markRead', { ids: [id], read: true });
    } catch (err) {
      if (get().selection.openId === id) patch({ loading: false, error: (err as Error).message });
    }
  }

  return {
    selection: initialSelection,

    select(index) {
      const count = visibleItems(get()).length;
      patch({ index: Math.max(0, Math.min(index, count - 1)) });
    },

    move(delta) {
      get().select(get().selection.index + delta);
      const { index } = get().selection;
      // Near the end of what is loaded: fetch the next page before the user gets there.
      if (!get().search.results && index > get().inbox.items.length - 20) void get().loadMoreInbox();
    },

    async open(id) {
      const target = id ?? selectedItem(get())?.id;
      if (target === undefined) return;
      const keep = get().selection.detail?.id === target ? get().selection.detail : null;
      patch({ openId: target, loading: keep === null, detail: keep, error: null });
      await load(target, true);
    },

    close() {
      patch({ openId: null, detail: null, thread: [], loading: false, error: null });
    },

    allowRemote(id) {
      set((s) => ({ selection: { ...s.selection, remoteAllowed: { ...s.selection.remoteAllowed, [id]: true } } }));
    },

    refreshOpen(ids) {
      const { openId, detail } = get().selection;
      if (openId === null) return;
      const inThread = get().selection.thread.some((t) => ids.includes(t.id));
      if (ids.includes(openId) || inThread || detail === null) void load(openId, false);
    },
  };
};
