// The contract, the handlers and the events agree with each other and with the store's change events.
import { describe, expect, it } from 'vitest';
import { connectors } from '../../../connectors/registry.ts';
import { ipcChannels, ipcContract, isIpcChannel } from '../../../electron/shared/ipc-contract.ts';
import { IpcEvent } from '../../../electron/shared/ipc-events.ts';
import { createIpcHandlers } from '../../../electron/main/ipc/dispatch.ts';
import { toIpcEvent } from '../../../electron/main/ipc/events.ts';
import { settingsJsonSchema } from '../../../electron/main/ipc/handlers/accounts.ts';
import type { HandlerApp } from '../../../electron/main/ipc/handlers/types.ts';
import type { ChangeEvent } from '../../../electron/main/store/changes.ts';

describe('IPC contract', () => {
  it('has exactly one handler per contract key, and no handler without a key', () => {
    // Binding needs no live services: handlers close over the app and touch it only when called.
    const handlers = createIpcHandlers({} as HandlerApp);
    expect(Object.keys(handlers).sort()).toEqual([...ipcChannels].sort());
    for (const channel of ipcChannels) expect(typeof handlers[channel], channel).toBe('function');
  });

  it('covers the calls the UI needs', () => {
    for (const channel of ['accounts.list', 'accounts.add', 'accounts.remove', 'accounts.test', 'connectors.list', 'sync.run',
      'inbox.list', 'search.query', 'items.get', 'items.markRead', 'conversation.list', 'actions.list', 'actions.dismiss',
      'actions.snooze', 'outbox.queueReply', 'outbox.cancel', 'outbox.retry', 'outbox.discard', 'outbox.edit', 'outbox.list']) {
      expect(ipcChannels, channel).toContain(channel);
    }
  });

  it('accepts only its own keys as channels, not inherited properties', () => {
    expect(isIpcChannel('inbox.list')).toBe(true);
    for (const bad of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', '', 'inbox', 42, null, undefined]) {
      expect(isIpcChannel(bad), String(bad)).toBe(false);
    }
  });

  it('applies paging defaults and bounds', () => {
    expect(ipcContract['inbox.list'].input.parse({})).toEqual({ limit: 50, offset: 0 });
    expect(ipcContract['inbox.list'].input.safeParse({ limit: 501 }).success).toBe(false);
    expect(ipcContract['inbox.list'].input.safeParse({ source: 'myspace' }).success).toBe(false);
    expect(ipcContract['items.markRead'].input.safeParse({ ids: [] }).success).toBe(false);
    expect(ipcContract['search.query'].input.safeParse({ q: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('connector settings as JSON Schema', () => {
  it('describes every connector and marks secret fields for password inputs', () => {
    for (const c of connectors) {
      const schema = settingsJsonSchema(c);
      expect(schema.type, c.manifest.id).toBe('object');
      const properties = schema.properties as Record<string, Record<string, unknown>>;
      for (const field of c.manifest.secretFields) expect(properties[field], field).toMatchObject({ writeOnly: true, format: 'password' });
    }
    const imap = connectors.find((c) => c.manifest.id === 'imap');
    expect(imap).toBeDefined();
    const schema = settingsJsonSchema(imap!);
    expect(schema.required).toEqual(expect.arrayContaining(['host', 'user']));
    // Non-secret fields are not marked.
    expect((schema.properties as Record<string, Record<string, unknown>>).host?.writeOnly).toBeUndefined();
  });
});

describe('change events', () => {
  it('maps every store change kind to a valid IPC event', () => {
    const changes: ChangeEvent[] = [
      { kind: 'items', accountId: 'a', ids: [1, 2] },
      { kind: 'items-removed', accountId: 'a', ids: [3] },
      { kind: 'accounts' },
      { kind: 'health', accountId: 'a' },
      { kind: 'sync-progress', accountId: 'a', stream: 'inbox', done: 10, total: 300 },
      { kind: 'sync-progress', accountId: 'a', stream: 'inbox', done: 10 },
      { kind: 'outbox', ids: ['x'] },
      { kind: 'actions' },
    ];
    const types = changes.map((c) => IpcEvent.parse(toIpcEvent(c)).type);
    expect(types).toEqual(['items-changed', 'items-removed', 'accounts-changed', 'account-health', 'sync-progress', 'sync-progress',
      'outbox-changed', 'actions-changed']);
    expect(toIpcEvent(changes[5]!)).not.toHaveProperty('total');
  });
});
