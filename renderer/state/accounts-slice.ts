// Accounts with their health, sync progress, and the first-run demo workspace.
import type { StateCreator } from 'zustand';
import { call } from '../bridge.ts';
import type { AccountInfo } from '../lib/types.ts';
import type { Store } from './store.ts';

// ---- State ----------------------------------------------------------------------------------------

export type DemoState = 'idle' | 'adding' | 'syncing' | 'failed';

export interface AccountsState {
  list: AccountInfo[];
  loaded: boolean;
  error: string | null;
  demo: DemoState;
  /** Why the demo could not be set up (kept apart from `error`, which every reload resets). */
  demoError: string | null;
  /** Items synced so far per account, from sync-progress events. */
  progress: Record<string, { done: number; total: number | null }>;
}

export interface AccountsSlice {
  accounts: AccountsState;
  loadAccounts(): Promise<void>;
  exploreDemo(): Promise<void>;
  syncProgress(accountId: string, done: number, total: number | undefined): void;
}

// ---- Initial state --------------------------------------------------------------------------------

const initialAccounts: AccountsState = { list: [], loaded: false, error: null, demo: 'idle', demoError: null, progress: {} };

// ---- Actions --------------------------------------------------------------------------------------

export const createAccountsSlice: StateCreator<Store, [], [], AccountsSlice> = (set, get) => {
  const patch = (p: Partial<AccountsState>) => set((s) => ({ accounts: { ...s.accounts, ...p } }));
  let loading: Promise<void> | null = null;

  return {
    accounts: initialAccounts,

    loadAccounts() {
      // Health events arrive in bursts during a sync; calls made during a load share it.
      loading ??= call('accounts.list')
        .then((list) => patch({ list, loaded: true, error: null }))
        .catch((err: unknown) => patch({ loaded: true, error: (err as Error).message }))
        .finally(() => {
          loading = null;
        });
      return loading;
    },

    async exploreDemo() {
      patch({ demo: 'adding', demoError: null });
      try {
        const account = await call('accounts.add', { connector: 'demo', name: 'Demo workspace', settings: {} });
        patch({ demo: 'syncing' });
        await get().loadAccounts();
        const reports = await call('sync.run', { accountId: account.id });
        const failed = reports.find((r) => !r.ok);
        patch({ demo: failed ? 'failed' : 'idle', demoError: failed ? (failed.error ?? 'The sync failed.') : null });
        await Promise.all([get().loadAccounts(), get().refetchInbox()]);
      } catch (err) {
        patch({ demo: 'failed', demoError: (err as Error).message });
      }
    },

    syncProgress(accountId, done, total) {
      set((s) => ({ accounts: { ...s.accounts, progress: { ...s.accounts.progress, [accountId]: { done, total: total ?? null } } } }));
    },
  };
};
