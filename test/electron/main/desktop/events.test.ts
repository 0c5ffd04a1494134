// Change events reach the window as contract events, and the badge follows the unread count.
import { describe, expect, it } from 'vitest';
import { forwardChanges, keepBadgeInStep } from '../../../../electron/main/desktop/events.ts';
import type { IpcEvent } from '../../../../electron/shared/ipc-events.ts';
import { ChangeBus } from '../../../../electron/main/store/changes.ts';

function logs() {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    error: (_o: unknown, msg?: string) => void lines.push({ level: 'error', msg: msg ?? '' }),
    warn: (_o: unknown, msg?: string) => void lines.push({ level: 'warn', msg: msg ?? '' }),
  };
}

describe('forwardChanges', () => {
  it('sends each change as its contract event until unsubscribed', () => {
    const bus = new ChangeBus();
    const sent: IpcEvent[] = [];
    const off = forwardChanges(bus, (e) => sent.push(e), logs());
    bus.emit({ kind: 'items', accountId: 'a1', ids: [1, 2] });
    bus.emit({ kind: 'sync-progress', accountId: 'a1', stream: 'INBOX', done: 5 });
    bus.emit({ kind: 'accounts' });
    off();
    bus.emit({ kind: 'actions' });
    expect(sent).toEqual([
      { type: 'items-changed', accountId: 'a1', ids: [1, 2] },
      { type: 'sync-progress', accountId: 'a1', stream: 'INBOX', done: 5 },
      { type: 'accounts-changed' },
    ]);
  });

  it('never lets a failing send or a malformed event reach the store writer', () => {
    const bus = new ChangeBus();
    const log = logs();
    forwardChanges(bus, () => {
      throw new Error('window destroyed');
    }, log);
    expect(() => bus.emit({ kind: 'actions' })).not.toThrow();
    const sent: IpcEvent[] = [];
    forwardChanges(bus, (e) => sent.push(e), log);
    // done must be a non-negative integer in the contract: the event is dropped and logged.
    expect(() => bus.emit({ kind: 'sync-progress', accountId: 'a', stream: 's', done: -1 })).not.toThrow();
    expect(sent).toEqual([]);
    // One from the throwing send, two for the bad event (both forwarders saw it).
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(3);
  });
});

describe('keepBadgeInStep', () => {
  it('sets the count at once, then once per burst of item changes, ignoring unrelated kinds', () => {
    const bus = new ChangeBus();
    let unread = 3;
    const set: number[] = [];
    const deferred: (() => void)[] = [];
    const off = keepBadgeInStep(bus, { count: () => unread, set: (n) => set.push(n), defer: (run) => deferred.push(run), log: logs() });
    expect(set).toEqual([3]);
    unread = 7;
    bus.emit({ kind: 'items', accountId: 'a', ids: [1] });
    bus.emit({ kind: 'items', accountId: 'a', ids: [2] });
    bus.emit({ kind: 'items-removed', accountId: 'a', ids: [3] });
    bus.emit({ kind: 'sync-progress', accountId: 'a', stream: 's', done: 1 });
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    expect(set).toEqual([3, 7]);
    bus.emit({ kind: 'outbox', ids: ['x'] });
    expect(deferred).toHaveLength(0);
    bus.emit({ kind: 'accounts' });
    off();
    deferred.shift()!(); // scheduled before the unsubscribe: must not touch a closed app
    expect(set).toEqual([3, 7]);
  });

  it('logs a failing count instead of throwing', () => {
    const bus = new ChangeBus();
    const log = logs();
    expect(() =>
      keepBadgeInStep(bus, {
        count: () => {
          throw new Error('db closed');
        },
        set: () => undefined,
        defer: (run) => run(),
        log,
      }),
    ).not.toThrow();
    expect(() => bus.emit({ kind: 'items', accountId: 'a', ids: [1] })).not.toThrow();
    expect(log.lines).toHaveLength(2);
  });
});
