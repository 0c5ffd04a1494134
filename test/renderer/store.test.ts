// @vitest-environment jsdom
// The slices over a stubbed bridge: search debouncing and its syntax errors, stale answers dropped,
// change events turned into refetches, and the demo first run calling add then sync.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ItemSummary } from '../../renderer/lib/types.ts';

const calls: { channel: string; input: unknown }[] = [];
let answer: (channel: string, input: unknown) => Promise<unknown> = async () => ({ items: [], nextOffset: null });

vi.mock('../../renderer/bridge.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/bridge.ts')>();
  return {
    ...real,
    call: (channel: string, input: unknown) => {
      calls.push({ channel, input });
      return answer(channel, input);
    },
    onEvent: () => () => undefined,
    onConnection: () => () => undefined,
  };
});

const { IpcCallError } = await import('../../renderer/bridge.ts');
const { useStore, handleEvent } = await import('../../renderer/state/store.ts');
const { SEARCH_DEBOUNCE_MS } = await import('../../renderer/state/search-slice.ts');

const item = (id: number): ItemSummary => ({ id, accountId: 'a1', externalId: `x${id}`, kind: 'email', source: 'gmail', conversationId: 'c', sentAt: '2026-01-01T00:00:00Z', senderName: 'Ana', senderAddress: 'a@x', subject: 's', snippet: 'n', isUnread: false, isStarred: false, fromMe: false, hasAttachments: false });
const initial = useStore.getState();

beforeEach(() => {
  vi.useFakeTimers();
  calls.length = 0;
  useStore.setState(initial, true);
});
afterEach(() => vi.useRealTimers());

describe('search slice', () => {
  it('debounces typing into one call with the last query', async () => {
    answer = async () => ({ items: [item(1), item(2)], nextOffset: null });
    const { setQuery } = useStore.getState();
    setQuery('f');
    setQuery('fr');
    setQuery('from:ana');
    expect(useStore.getState().search.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
    expect(calls).toEqual([{ channel: 'search.query', input: { q: 'from:ana', limit: 200 } }]);
    expect(useStore.getState().search.results?.map((i) => i.id)).toEqual([1, 2]);
  });

  it('shows a syntax error with its column and keeps the previous results', async () => {
    answer = async () => ({ items: [item(1)], nextOffset: null });
    useStore.getState().setQuery('ana');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
    answer = async () => {
      throw new IpcCallError('search.query', { code: 'bad-query', message: 'from: needs a value (at column 5)', column: 5 });
    };
    useStore.getState().setQuery('ana from:');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
    const { search } = useStore.getState();
    expect(search.error).toEqual({ message: 'from: needs a value', column: 5 });
    expect(search.results?.map((i) => i.id)).toEqual([1]);
    expect(search.pending).toBe(false);
  });

  it('drops an answer that arrives after a newer query was sent', async () => {
    const resolvers: ((v: unknown) => void)[] = [];
    answer = () => new Promise((resolve) => resolvers.push(resolve));
    useStore.getState().setQuery('old');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
    useStore.getState().setQuery('new');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 1);
    resolvers[1]?.({ items: [item(2)], nextOffset: null });
    await vi.advanceTimersByTimeAsync(0);
    resolvers[0]?.({ items: [item(1)], nextOffset: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(useStore.getState().search.results?.map((i) => i.id)).toEqual([2]);
  });

  it('an empty query returns to the inbox without a call', () => {
    useStore.getState().setQuery('   ');
    expect(calls).toEqual([]);
    expect(useStore.getState().search.results).toBeNull();
  });
});

describe('events and first run', () => {
  it('items-changed refetches as many inbox items as are loaded; health events reload accounts', async () => {
    answer = async (channel) => (channel === 'accounts.list' ? [] : { items: [item(1)], nextOffset: null });
    useStore.setState((s) => ({ inbox: { ...s.inbox, items: Array.from({ length: 150 }, (_, i) => item(i + 1)), loaded: true } }));
    handleEvent({ type: 'items-changed', accountId: 'a1', ids: [3] });
    handleEvent({ type: 'account-health', accountId: 'a1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([
      { channel: 'inbox.list', input: { offset: 0, limit: 150 } },
      { channel: 'accounts.list', input: undefined },
    ]);
  });

  it('a burst of change events runs one refetch and at most one more', async () => {
    answer = async () => ({ items: [item(1)], nextOffset: null });
    for (let i = 0; i < 10; i++) handleEvent({ type: 'items-changed', accountId: 'a1', ids: [i] });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.filter((c) => c.channel === 'inbox.list')).toHaveLength(2);
  });

  it('Explore the demo adds the demo account, syncs it, then reloads', async () => {
    answer = async (channel) => {
      if (channel === 'accounts.add') return { id: 'demo-1' };
      if (channel === 'sync.run') return [{ accountId: 'demo-1', ok: true, upserted: 10, deleted: 0, patched: 0, skipped: 0, streams: [] }];
      if (channel === 'accounts.list') return [];
      return { items: [], nextOffset: null };
    };
    await useStore.getState().exploreDemo();
    expect(calls.map((c) => c.channel)).toEqual(['accounts.add', 'accounts.list', 'sync.run', 'accounts.list', 'inbox.list']);
    expect(calls[0]?.input).toEqual({ connector: 'demo', name: 'Demo workspace', settings: {} });
    expect(calls[2]?.input).toEqual({ accountId: 'demo-1' });
    expect(useStore.getState().accounts.demo).toBe('idle');
  });

  it('a failed demo sync is shown, not swallowed', async () => {
    answer = async (channel) => {
      if (channel === 'accounts.add') return { id: 'demo-1' };
      if (channel === 'sync.run') return [{ accountId: 'demo-1', ok: false, upserted: 0, deleted: 0, patched: 0, skipped: 0, streams: [], error: 'disk full' }];
      if (channel === 'accounts.list') return [];
      return { items: [], nextOffset: null };
    };
    await useStore.getState().exploreDemo();
    expect(useStore.getState().accounts).toMatchObject({ demo: 'failed', demoError: 'disk full' });
  });
});
