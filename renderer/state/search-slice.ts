// Search as you type: the query, debounced results that replace the inbox, and syntax errors.
import type { StateCreator } from 'zustand';
import { call, IpcCallError } from '../bridge.ts';
import type { ItemSummary } from '../lib/types.ts';
import type { Store } from './store.ts';

// ---- State ----------------------------------------------------------------------------------------

export interface SearchState {
  query: string;
  /** null: no active query, the inbox shows. */
  results: ItemSummary[] | null;
  /** A syntax error with the 1-based column it points at. */
  error: { message: string; column: number | null } | null;
  pending: boolean;
}

export interface SearchSlice {
  search: SearchState;
  setQuery(query: string): void;
  /** Runs the current query now (after a change event, or Enter). */
  runSearch(): Promise<void>;
  clearSearch(): void;
}

// ---- Initial state --------------------------------------------------------------------------------

export const SEARCH_DEBOUNCE_MS = 120;
const initialSearch: SearchState = { query: '', results: null, error: null, pending: false };

// ---- Actions --------------------------------------------------------------------------------------

export const createSearchSlice: StateCreator<Store, [], [], SearchSlice> = (set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Answers can overtake each other; only the newest query's answer is shown. */
  let latest = 0;
  const patch = (p: Partial<SearchState>) => set((s) => ({ search: { ...s.search, ...p } }));

  return {
    search: initialSearch,

    setQuery(query) {
      clearTimeout(timer);
      if (query.trim() === '') {
        latest += 1;
        patch({ query, results: null, error: null, pending: false });
        get().select(0);
        return;
      }
      patch({ query, pending: true });
      timer = setTimeout(() => void get().runSearch(), SEARCH_DEBOUNCE_MS);
    },

    async runSearch() {
      const q = get().search.query;
      if (q.trim() === '') return;
      const mine = ++latest;
      try {
        const page = await call('search.query', { q, limit: 200 });
        if (mine !== latest) return;
        patch({ results: page.items, error: null, pending: false });
        get().select(0);
      } catch (err) {
        if (mine !== latest) return;
        // A syntax error keeps the previous results on screen, so typing an operator does not flash.
        if (err instanceof IpcCallError && err.code === 'bad-query') {
          // The column is shown on its own; main's message repeats it at the end.
          patch({ error: { message: err.message.replace(/\s*\(at column \d+\)$/, ''), column: err.column ?? null }, pending: false });
        } else patch({ error: { message: (err as Error).message, column: null }, pending: false });
      }
    },

    clearSearch() {
      get().setQuery('');
    },
  };
};
