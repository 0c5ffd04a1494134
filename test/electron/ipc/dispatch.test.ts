// dispatch over a real app: input and output validation, error codes, and the services behind the calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderUnavailable } from '../../../connectors/contract/errors.ts';
import { createIpcHandlers, dispatch, type Dispatch } from '../../../electron/main/ipc/dispatch.ts';
import { createDispatch } from '../../../electron/main/ipc/index.ts';
import type { IpcHandlers } from '../../../electron/main/ipc/handlers/types.ts';
import { getItem } from '../../../electron/main/store/items.ts';
import type { IpcResult } from '../../../electron/shared/ipc-contract.ts';
import { demoApp, type DemoApp } from './demo-app.ts';

let demo: DemoApp;
let call: Dispatch;

beforeAll(async () => {
  demo = await demoApp('ipc');
  call = createDispatch(demo.app);
}, 60_000);
afterAll(async () => demo?.dispose());

function ok<T = unknown>(result: IpcResult): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.result as T;
}

interface Page {
  items: { id: number; accountId: string; isUnread: boolean; conversationId: string; senderAddress: string }[];
  nextOffset: number | null;
}

describe('dispatch: validation', () => {
  it('refuses unknown channels, including prototype names', async () => {
    for (const channel of ['nope.nothing', '__proto__', 'constructor', 42, null]) {
      const result = await call(channel, {});
      expect(result, String(channel)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('refuses input that does not fit the contract, naming the field', async () => {
    const result = await call('inbox.list', { limit: 'lots' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(!result.ok && result.error.message).toMatch(/inbox\.list: limit/);
    expect(await call('items.get', { id: -1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('items.get', '{"id":1}')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('accounts.list', { sneaky: true })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('returns internal, not the bad data, when a handler breaks the output contract', async () => {
    const handlers = createIpcHandlers(demo.app);
    const broken = { ...handlers, 'items.get': () => ({ id: 'not a number', leaked: 'secret' }) } as unknown as IpcHandlers;
    const before = demo.errors.length;
    const result = await dispatch(broken, demo.app.log, 'items.get', { id: 1 });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringMatching(/log/) } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(demo.errors.length).toBeGreaterThan(before);
  });

  it('returns internal for an unexpected exception, without its message', async () => {
    const handlers = { ...createIpcHandlers(demo.app), 'inbox.list': () => { throw new TypeError('db handle /home/x/cache.db broke'); } } as unknown as IpcHandlers;
    const result = await dispatch(handlers, demo.app.log, 'inbox.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('cache.db');
  });
});

describe('dispatch: calls', () => {
  it('lists accounts with their health and connectors with their schemas', async () => {
    const accounts = ok<{ id: string; connector: string; status: { state: string; lastSuccessAt: number | null } }[]>(await call('accounts.list', undefined));
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id: demo.accountId, connector: 'demo', status: { state: 'idle' } });
    expect(accounts[0]?.status.lastSuccessAt).toBeTypeOf('number');
    const list = ok<{ id: string; settingsSchema: { properties: Record<string, unknown> } }[]>(await call('connectors.list', undefined));
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining(['demo', 'imap']));
    expect(list.find((c) => c.id === 'imap')?.settingsSchema.properties.password).toMatchObject({ writeOnly: true });
  });

  it('pages the inbox with filters', async () => {
    const first = ok<Page>(await call('inbox.list', { limit: 100 }));
    expect(first.items).toHaveLength(100);
    expect(first.nextOffset).toBe(100);
    const unread = ok<Page>(await call('inbox.list', { unread: true, kind: 'message', limit: 500 }));
    expect(unread.items.length).toBeGreaterThan(0);
    expect(unread.items.every((i) => i.isUnread)).toBe(true);
    expect(unread.nextOffset).toBeNull();
    const none = ok<Page>(await call('inbox.list', { accountId: 'someone-else' }));
    expect(none.items).toEqual([]);
  });

  it('turns a malformed search into bad-query with the column', async () => {
    const result = await call('search.query', { q: 'budget (review' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-query', column: expect.any(Number) } });
    expect(!result.ok && result.error.column).toBeGreaterThan(0);
    const found = ok<Page>(await call('search.query', { q: 'kind:email', limit: 10 }));
    expect(found.items.length).toBe(10);
  });

  it('gets a full item and its conversation, and reports a missing item as not-found', async () => {
    const [summary] = ok<Page>(await call('inbox.list', { kind: 'email', limit: 1 })).items;
    const detail = ok<{ item: { kind: string; sender: { address: string } } }>(await call('items.get', { id: summary!.id }));
    expect(detail.item).toMatchObject({ kind: 'email', sender: { address: summary!.senderAddress } });
    const conversation = ok<{ items: { id: number }[] }>(
      await call('conversation.list', { accountId: summary!.accountId, conversationId: summary!.conversationId }),
    );
    expect(conversation.items.map((i) => i.id)).toContain(summary!.id);
    expect(await call('items.get', { id: 99_999_999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('marks read through the connector and puts the cache back when the provider refuses', async () => {
    const [item] = ok<Page>(await call('inbox.list', { unread: true, limit: 1 })).items;
    expect(ok(await call('items.markRead', { ids: [item!.id] }))).toEqual({ updated: [item!.id] });
    expect(getItem(demo.app.db, item!.id)?.item.isUnread).toBe(false);
    // Again: nothing changes, nothing is sent.
    expect(ok(await call('items.markRead', { ids: [item!.id] }))).toEqual({ updated: [] });

    const { instance } = await demo.app.host.get(demo.accountId);
    const real = instance.markRead;
    instance.markRead = async () => {
      throw new ProviderUnavailable('the demo provider is down');
    };
    try {
      const seen: unknown[] = [];
      const off = demo.app.bus.on((e) => seen.push(e));
      const result = await call('items.markRead', { ids: [item!.id], read: false });
      off();
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(getItem(demo.app.db, item!.id)?.item.isUnread).toBe(false); // reverted
      expect(seen).toHaveLength(2); // the optimistic change and its revert
    } finally {
      instance.markRead = real;
    }
    expect(await call('items.markRead', { ids: [99_999_999] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('lists, dismisses and snoozes next actions', async () => {
    const actions = ok<{ key: string; reason: string }[]>(await call('actions.list', {}));
    expect(actions.length).toBeGreaterThan(1);
    const [first, second] = actions;
    expect(ok(await call('actions.dismiss', { key: first!.key }))).toEqual({ ok: true });
    expect(ok(await call('actions.snooze', { key: second!.key, until: Date.now() + 3_600_000 }))).toEqual({ ok: true });
    const after = ok<{ key: string }[]>(await call('actions.list', {})).map((a) => a.key);
    expect(after).not.toContain(first!.key);
    expect(after).not.toContain(second!.key);
    expect(await call('actions.dismiss', { key: 'not-a-key' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('queues, lists, cancels a reply, and maps outbox rule violations', async () => {
    const [item] = ok<Page>(await call('inbox.list', { kind: 'email', limit: 1 })).items;
    const entry = ok<{ id: string; state: string; draft: { subject?: string; to: unknown[] } }>(
      await call('outbox.queueReply', { accountId: item!.accountId, replyToItemId: item!.id, text: 'Thanks, will do.' }),
    );
    expect(entry).toMatchObject({ state: 'pending', draft: { subject: expect.stringMatching(/^Re:/) } });
    expect(entry).not.toHaveProperty('draft.replyTo');
    const pending = ok<{ id: string }[]>(await call('outbox.list', { states: ['pending'] }));
    expect(pending.map((e) => e.id)).toContain(entry.id);
    expect(ok(await call('outbox.cancel', { id: entry.id }))).toMatchObject({ state: 'cancelled' });
    expect(await call('outbox.retry', { id: entry.id })).toMatchObject({ ok: false, error: { code: 'outbox' } });
    expect(await call('outbox.queueReply', { accountId: item!.accountId, replyToItemId: item!.id, text: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'outbox', message: 'The reply is empty.' },
    });
  });

  it('maps account errors: unknown connector, invalid settings with the field, missing account', async () => {
    expect(await call('accounts.add', { connector: 'myspace', settings: {} })).toMatchObject({ ok: false, error: { code: 'unknown-connector' } });
    expect(await call('accounts.add', { connector: 'demo', settings: { size: 5 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-settings', field: 'size' },
    });
    expect(await call('accounts.test', { id: 'ghost' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('sync.run', { accountId: 'ghost' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(ok(await call('accounts.test', { id: demo.accountId }))).toMatchObject({ ok: true });
  });
});
