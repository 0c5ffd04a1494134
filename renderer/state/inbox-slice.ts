// The unified inbox list: filters, pages loaded so far, and refetch after change events.
import type { StateCreator } from 'zustand';
import { call, type IpcOutput } from '../bridge.ts';
import type { InboxFilters, ItemSummary } from '../lib/types.ts';
import type { Store } from './store.ts';

type InboxPage = IpcOutput<'inbox.list'>;

// ---- State ----------------------------------------------------------------------------------------

export interface InboxState {
  items: ItemSummary[];
  filters: InboxFilters;
  nextOffset: number | null;
  loading: boolean;
  /** False until the first page arrived: the list shows a skeleton, not "nothing here". */
  loaded: boolean;
  error: string | null;
}

export interface InboxSlice {
  inbox: InboxState;
  setFilters(filters: InboxFilters): void;
  loadInbox(): Promise<void>;
  loadMoreInbox(): Promise<void>;
  /** Reloads as many items as are shown now, keeping the scroll position meaningful. */
  refetchInbox(): Promise<void>;
}

// ---- Initial state --------------------------------------------------------------------------------

export const PAGE = 100;
const MAX_PAGE = 500; // the contract's limit per call

const initialInbox: InboxState = { items: [], filters: {}, nextOffset: 0, loading: false, loaded: false, error: null };

// ---- Actions --------------------------------------------------------------------------------------

export const createInboxSlice: StateCreator<Store, [], [], InboxSlice> = (set, get) => {
  /** Bumped whenever the list is replaced; an answer for an older generation is dropped. */
  let generation = 0;
  let refetching: Promise<void> | null = null;
  let refetchAgain = false;

  const patch = (p: Partial<InboxState>) => set((s) => ({ inbox: { ...s.inbox, ...p } }));

  async function fetchRange(filters: InboxFilters, offset: number, count: number): Promise<{ items: ItemSummary[]; nextOffset: number | null }> {
    const items: ItemSummary[] = [];
    let next: number | null = offset;
    while (next !== null && items.length < count) {
      const page: InboxPage = await call('inbox.list', { ...filters, offset: next, limit: Math.min(MAX_PAGE, count - items.length) });
      items.push(...page.items);
      next = page.nextOffset;
    }
    return { items, nextOffset: next };
  }

  return {
    inbox: initialInbox,

    setFilters(filters) {
      patch({ filters, items: [], nextOffset: 0, loaded: false });
      set((s) => ({ selection: { ...s.selection, index: 0 } }));
      void get().loadInbox();
    },

    async loadInbox() {
      const mine = ++generation;
      patch({ loading: true, error: null });
      try {
        const page = await fetchRange(get().inbox.filters, 0, PAGE);
        if (mine === generation) patch({ items: page.items, nextOffset: page.nextOffset, loading: false, loaded: true });
      } catch (err) {
        if (mine === generation) patch({ loading: false, loaded: true, error: (err as Error).message });
      }
    },

    async loadMoreInbox() {
      const { inbox } = get();
      if (inbox.loading || inbox.nextOffset === null || !inbox.loaded) return;
      const mine = generation;
      patch({ loading: true });
      try {
        const page = await fetchRange(inbox.filters, inbox.nextOffset, PAGE);
        if (mine !== generation) return;
        set((s) => ({ inbox: { ...s.inbox, items: [...s.inbox.items, ...page.items], nextOffset: page.nextOffset, loading: false } }));
      } catch (err) {
        if (mine === generation) patch({ loading: false, error: (err as Error).message });
      }
    },

    refetchInbox() {
      // Sync sends a burst of change events: run one refetch at a time and one more after it at most.
      if (refetching) {
        refetchAgain = true;
        return refetching;
      }
      const run = async () => {
        do {
          refetchAgain = false;
          const mine = ++generation;
          const { filters, items } = get().inbox;
          try {
            const page = await fetchRange(filters, 0, Math.max(PAGE, items.length));
            if (mine === generation) patch({ items: page.items, nextOffset: page.nextOffset, loaded: true, error: null });
          } catch (err) {
            if (mine === generation) patch({ error: (err as Error).message });
          }
        } while (refetchAgain);
        refetching = null;
      };
      refetching = run();
      return refetching;
    },
  };
};
