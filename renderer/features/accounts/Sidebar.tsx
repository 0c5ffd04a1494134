// The sidebar: filters by kind, source and unread, and the accounts with their health.
import { SOURCE_LABELS, SOURCES } from '../../components/SourceBadge.tsx';
import { relativeTime } from '../../lib/time.ts';
import type { AccountInfo, InboxFilters, ItemKind } from '../../lib/types.ts';
import { useStore } from '../../state/store.ts';

const KINDS: ReadonlyArray<[ItemKind | undefined, string]> = [
  [undefined, 'Everything'],
  ['email', 'Mail'],
  ['message', 'Chats'],
  ['note', 'Notes'],
];

const STATE_WORDS: Record<NonNullable<AccountInfo['status']>['state'], string> = {
  idle: 'Up to date',
  syncing: 'Syncing…',
  error: 'Sync failed',
  auth: 'Sign in again',
  backoff: 'Retrying soon',
};

function FilterButton({ active, label, count, onClick }: { active: boolean; label: string; count?: number | undefined; onClick(): void }) {
  return (
    <li>
      <button type="button" className={`nav-item${active ? ' nav-active' : ''}`} aria-pressed={active} onClick={onClick}>
        <span className="nav-label">{label}</span>
        {count !== undefined && count > 0 && <span className="nav-count">{count}</span>}
      </button>
    </li>
  );
}

function AccountRow({ account }: { account: AccountInfo }) {
  const progress = useStore((s) => s.accounts.progress[account.id]);
  const status = account.status;
  const state = status?.state ?? 'idle';
  const detail =
    state === 'syncing' && progress
      ? `${progress.done.toLocaleString()}${progress.total ? ` of ${progress.total.toLocaleString()}` : ''} items`
      : status?.lastError && state !== 'idle'
        ? status.lastError
        : status?.lastSuccessAt
          ? `Synced ${relativeTime(new Date(status.lastSuccessAt).toISOString())}`
          : 'Not synced yet';
  return (
    <li className="account" title={detail}>
      <span className={`health health-${state}`} role="img" aria-label={STATE_WORDS[state]} />
      <span className="account-text">
        <span className="account-name">{account.name}</span>
        <span className="account-detail">{state === 'idle' ? detail : `${STATE_WORDS[state]} · ${detail}`}</span>
      </span>
    </li>
  );
}

export function Sidebar() {
  const filters = useStore((s) => s.inbox.filters);
  const accounts = useStore((s) => s.accounts.list);
  const items = useStore((s) => s.inbox.items);
  const setFilters = (next: InboxFilters) => {
    // A filter is a way back to the inbox: an active search would hide its effect.
    const store = useStore.getState();
    if (store.search.query) store.clearSearch();
    store.setFilters(next);
  };
  // Unread among what is loaded (the contract has no count call yet), shown beside the Unread filter.
  const unreadLoaded = items.reduce((n, it) => n + (it.isUnread ? 1 : 0), 0);

  return (
    <nav className="sidebar" aria-label="Filters and accounts">
      <div className="brand">Switchboard</div>
      <ul className="nav-group" aria-label="Kinds">
        {KINDS.map(([kind, label]) => (
          <FilterButton key={label} label={label} active={filters.kind === kind} onClick={() => setFilters({ ...filters, kind })} />
        ))}
        <FilterButton label="Unread" active={filters.unread === true} count={filters.unread ? undefined : unreadLoaded} onClick={() => setFilters({ ...filters, unread: filters.unread ? undefined : true })} />
      </ul>
      <h2 className="nav-heading">Sources</h2>
      <ul className="nav-group" aria-label="Sources">
        <FilterButton label="All sources" active={filters.source === undefined} onClick={() => setFilters({ ...filters, source: undefined })} />
        {SOURCES.filter((s) => s !== 'demo').map((source) => (
          <FilterButton key={source} label={SOURCE_LABELS[source]} active={filters.source === source} onClick={() => setFilters({ ...filters, source })} />
        ))}
      </ul>
      <h2 className="nav-heading">Accounts</h2>
      <ul className="accounts" aria-label="Accounts">
        {accounts.map((a) => (
          <AccountRow key={a.id} account={a} />
        ))}
      </ul>
      <p className="sidebar-hint">
        <kbd>?</kbd> shortcuts
      </p>
    </nav>
  );
}
