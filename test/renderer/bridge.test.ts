// @vitest-environment jsdom
// The renderer's transport: request/response matching by id, typed errors, events, and reconnects,
// over a fake WebSocket that the test drives frame by frame.
import { describe, expect, it, vi } from 'vitest';
import { createPreloadBridge, createSocketBridge, IpcCallError, socketUrl, type PreloadApi } from '../../renderer/bridge.ts';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: { id: number; channel: string; input?: unknown }[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(frame: string) {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(frame));
  }
  close() {
    this.drop();
  }
  // Test controls
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  drop() {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onerror?.();
    this.onclose?.();
  }
}

function setup() {
  FakeSocket.all = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const bridge = createSocketBridge({
    url: 'ws://127.0.0.1:5000/ipc?token=t',
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  const socket = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;
  return { bridge, timers, socket };
}

const summary = (id: number) => ({
  id,
  accountId: 'a1',
  externalId: `x${id}`,
  kind: 'email',
  source: 'gmail',
  conversationId: 'c',
  sentAt: '2026-01-01T00:00:00Z',
  senderName: 'Ana',
  senderAddress: 'ana@example.com',
  subject: 's',
  snippet: 'n',
  isUnread: true,
  isStarred: false,
  fromMe: false,
  hasAttachments: false,
});

describe('socket bridge', () => {
  it('queues calls until the socket opens, then matches answers to calls by id, in any order', async () => {
    const { bridge, socket } = setup();
    const inbox = bridge.call('inbox.list', { limit: 2 });
    const accounts = bridge.call('accounts.list');
    expect(socket().sent).toEqual([]);
    socket().open();
    const [first, second] = socket().sent;
    expect(first).toEqual({ id: 1, channel: 'inbox.list', input: { limit: 2 } });
    expect(second).toEqual({ id: 2, channel: 'accounts.list' }); // void input: no input key on the wire
    socket().receive({ id: 2, ok: true, result: [] });
    socket().receive({ id: 1, ok: true, result: { items: [summary(7)], nextOffset: null } });
    await expect(accounts).resolves.toEqual([]);
    await expect(inbox).resolves.toEqual({ items: [summary(7)], nextOffset: null });
  });

  it('sends at once when open, and turns { ok: false } into an IpcCallError with code and column', async () => {
    const { bridge, socket } = setup();
    socket().open();
    const search = bridge.call('search.query', { q: 'from:' });
    expect(socket().sent[0]).toMatchObject({ channel: 'search.query', input: { q: 'from:' } });
    socket().receive({ id: 1, ok: false, error: { code: 'bad-query', message: 'from: needs a value (at column 6)', column: 6 } });
    const err = await search.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcCallError);
    expect(err).toMatchObject({ code: 'bad-query', column: 6, channel: 'search.query', message: 'from: needs a value (at column 6)' });

    const add = bridge.call('accounts.add', { connector: 'imap', settings: {} });
    socket().receive({ id: 2, ok: false, error: { code: 'invalid-settings', message: 'host is required', field: 'host' } });
    await expect(add).rejects.toMatchObject({ code: 'invalid-settings', field: 'host' });
  });

  it('maps a malformed error answer to code internal instead of trusting it', async () => {
    const { bridge, socket } = setup();
    socket().open();
    const call = bridge.call('accounts.list');
    socket().receive({ id: 1, ok: false, error: { code: 'no-such-code', message: 42 } });
    await expect(call).rejects.toMatchObject({ code: 'internal' });
  });

  it('ignores frames that are not JSON, answers for unknown ids and id-less errors', async () => {
    const { bridge, socket } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket().open();
    const call = bridge.call('accounts.list');
    socket().receive('not json {');
    socket().receive({ id: 99, ok: true, result: [] });
    socket().receive({ id: null, ok: false, error: { code: 'bad-request', message: 'The frame is not JSON.' } });
    socket().receive({ id: 1, ok: true, result: [] });
    await expect(call).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('delivers valid events to every listener, drops malformed ones, and stops after unsubscribe', () => {
    const { bridge, socket } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket().open();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bridge.onEvent((e) => a.push(e));
    bridge.onEvent((e) => b.push(e));
    socket().receive({ event: { type: 'items-changed', accountId: 'a1', ids: [1, 2] } });
    socket().receive({ event: { type: 'items-changed', accountId: 'a1', ids: 'all' } }); // malformed
    socket().receive({ event: { type: 'no-such-event' } });
    offA();
    socket().receive({ event: { type: 'accounts-changed' } });
    expect(a).toEqual([{ type: 'items-changed', accountId: 'a1', ids: [1, 2] }]);
    expect(b).toEqual([{ type: 'items-changed', accountId: 'a1', ids: [1, 2] }, { type: 'accounts-changed' }]);
    expect(warn.mock.calls.map((c) => c[0])).toEqual(['IPC: a malformed event was ignored', 'IPC: a malformed event was ignored']);
    warn.mockRestore();
  });

  it('a throwing listener does not keep the others from the event', () => {
    const { bridge, socket } = setup();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    socket().open();
    const seen: unknown[] = [];
    bridge.onEvent(() => {
      throw new Error('view bug');
    });
    bridge.onEvent((e) => seen.push(e));
    socket().receive({ event: { type: 'actions-changed' } });
    expect(seen).toHaveLength(1);
    error.mockRestore();
  });

  it('on a drop fails calls in flight as unavailable, reconnects with growing backoff, and resends queued calls', async () => {
    const { bridge, socket, timers } = setup();
    const states: string[] = [];
    bridge.onConnection((s) => states.push(s));
    socket().open();
    const inFlight = bridge.call('sync.run', {});
    socket().drop();
    await expect(inFlight).rejects.toMatchObject({ code: 'unavailable', channel: 'sync.run' });
    expect(timers.map((t) => t.ms)).toEqual([250]);

    // While down, a new call waits for the next socket instead of failing.
    const waiting = bridge.call('accounts.list');
    timers[0]?.fn();
    expect(FakeSocket.all).toHaveLength(2);
    socket().drop(); // the reconnect attempt fails too
    expect(timers.map((t) => t.ms)).toEqual([250, 500]);
    timers[1]?.fn();
    socket().open();
    expect(socket().sent).toEqual([{ id: 2, channel: 'accounts.list' }]);
    socket().receive({ id: 2, ok: true, result: [] });
    await expect(waiting).resolves.toEqual([]);
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed', 'connecting', 'open']);

    // A successful open resets the backoff.
    socket().drop();
    expect(timers[2]?.ms).toBe(250);
  });

  it('after close() it neither reconnects nor accepts calls', async () => {
    const { bridge, socket, timers } = setup();
    socket().open();
    bridge.close();
    expect(timers).toEqual([]);
    await expect(bridge.call('accounts.list')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('socketUrl', () => {
  it('uses this page host and its token, encoded', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=Ab-_9%2F%3D&x=1' })).toBe('ws://127.0.0.1:4321/ipc?token=Ab-_9%2F%3D');
    expect(socketUrl({ protocol: 'http:', host: 'localhost:9', search: '' })).toBe('ws://localhost:9/ipc?token=');
  });
});

describe('preload bridge', () => {
  it('passes the input through and maps results and errors like the socket bridge', async () => {
    const calls: unknown[] = [];
    const api: PreloadApi = {
      call: async (channel, input) => {
        calls.push([channel, input]);
        return channel === 'items.get' ? { ok: false, error: { code: 'not-found', message: 'No item 5' } } : { ok: true, result: { ok: true } };
      },
      onEvent: () => () => undefined,
    };
    const bridge = createPreloadBridge(api);
    await expect(bridge.call('accounts.remove', { id: 'a1' })).resolves.toEqual({ ok: true });
    await expect(bridge.call('items.get', { id: 5 })).rejects.toMatchObject({ code: 'not-found', message: 'No item 5' });
    expect(calls).toEqual([
      ['accounts.remove', { id: 'a1' }],
      ['items.get', { id: 5 }],
    ]);
  });
});
