import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpired, BadResponse, ProviderUnavailable, RateLimited } from '../../../connectors/contract/errors.ts';
import { getAccount, getHealth } from '../../../electron/main/store/accounts.ts';
import { writeTransaction } from '../../../electron/main/store/db.ts';
import { getItemByExternalId } from '../../../electron/main/store/items.ts';
import { getStreamState, saveCursor } from '../../../electron/main/store/sync-state.ts';
import { getAccountStatus } from '../../../electron/main/services/orchestrator.ts';
import { email, newScript, paginate, type ScriptCursor } from '../../fixtures/scripted-connector.ts';
import { createHarness, duplicateKeys, ftsCount, itemCount, type Harness } from './sync-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => email(from + i));

describe('Orchestrator: batches and cursors', () => {
  it('commits every page with its cursor and reports counts', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: paginate(range(0, 25), 10), sent: paginate(range(100, 103), 10) } });
    h.addAccount('a', script);
    const report = await h.orchestrator.syncAccount('a');
    expect(report).toMatchObject({ ok: true, upserted: 28, deleted: 0, skipped: 0, streams: ['inbox', 'sent'] });
    expect(itemCount(h.db, 'a')).toBe(28);
    expect(ftsCount(h.db)).toBe(28);
    expect(getStreamState(h.db, 'a', 'inbox')?.cursor).toEqual({ page: 3, epoch: 1 });
    expect(getStreamState(h.db, 'a', 'sent')?.cursor).toEqual({ page: 1, epoch: 1 });
    // Items are stored on the stream they came from.
    expect(getItemByExternalId(h.db, 'a', '101')?.stream).toBe('sent');
  });

  it('rolls back a batch that fails to write: neither its items nor its cursor are kept', async () => {
    h = createHarness();
    const broken = { ...email(11), sender: undefined } as unknown as ReturnType<typeof email>;
    const script = newScript({ streams: { inbox: [{ upserts: range(0, 10) }, { upserts: [email(10), broken] }] } });
    h.addAccount('a', script);
    const report = await h.orchestrator.syncAccount('a');
    expect(report.ok).toBe(false);
    expect(itemCount(h.db, 'a')).toBe(10);
    expect(getItemByExternalId(h.db, 'a', '10')).toBeUndefined();
    expect(getStreamState(h.db, 'a', 'inbox')?.cursor).toEqual({ page: 1, epoch: 1 });
  });

  it('a replayed batch updates rows in place: no duplicates in items or the FTS index', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: paginate(range(0, 30), 10) } });
    h.addAccount('a', script);
    await h.orchestrator.syncAccount('a');
    const before = getItemByExternalId(h.db, 'a', '15')?.id;
    // As after a crash between the provider answering and the commit: the last pages come again.
    writeTransaction(h.db, () => saveCursor(h.db, 'a', 'inbox', { page: 1, epoch: 1 } satisfies ScriptCursor));
    const again = await h.orchestrator.syncAccount('a');
    expect(again.upserted).toBe(20);
    expect(itemCount(h.db, 'a')).toBe(30);
    expect(ftsCount(h.db)).toBe(30);
    expect(duplicateKeys(h.db)).toBe(0);
    expect(getItemByExternalId(h.db, 'a', '15')?.id).toBe(before);
  });

  it('applies deletions and emits items / items-removed events with row ids', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: [{ upserts: range(0, 5) }] } });
    h.addAccount('a', script);
    await h.orchestrator.syncAccount('a');
    const gone = getItemByExternalId(h.db, 'a', '2')?.id;
    script.streams.inbox?.push({ upserts: [email(9)], deletions: ['2'] });
    h.events.length = 0;
    const report = await h.orchestrator.syncAccount('a');
    expect(report).toMatchObject({ ok: true, upserted: 1, deleted: 1 });
    expect(h.events).toContainEqual({ kind: 'items-removed', accountId: 'a', ids: [gone] });
    expect(h.events).toContainEqual({ kind: 'items', accountId: 'a', ids: [getItemByExternalId(h.db, 'a', '9')?.id] });
  });

  it('emits progress per page with the estimated total', async () => {
    h = createHarness();
    h.addAccount('a', newScript({ streams: { inbox: paginate(range(0, 25), 10) } }));
    await h.orchestrator.syncAccount('a');
    const progress = h.events.filter((e) => e.kind === 'sync-progress');
    expect(progress).toEqual([
      { kind: 'sync-progress', accountId: 'a', stream: 'inbox', done: 10, total: 25 },
      { kind: 'sync-progress', accountId: 'a', stream: 'inbox', done: 20, total: 25 },
      { kind: 'sync-progress', accountId: 'a', stream: 'inbox', done: 25, total: 25 },
    ]);
  });
});

describe('Orchestrator: expired cursors', () => {
  it('resyncs the stream, adopts reissued ids by reconcile key and removes what is gone', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: paginate(range(0, 20), 5), other: [{ upserts: [email(500)] }] } });
    h.addAccount('a', script);
    await h.orchestrator.syncAccount('a');
    const keptId = getItemByExternalId(h.db, 'a', '7')?.id;
    // UIDVALIDITY changed: every id is reissued ("n" → "v2-n"), items 0-4 were deleted meanwhile.
    script.epoch = 2;
    script.streams.inbox = paginate(
      range(5, 20).map((it) => ({ ...it, externalId: `v2-${it.externalId}` })),
      5,
    );
    const report = await h.orchestrator.syncAccount('a');
    expect(report.ok).toBe(true);
    expect(itemCount(h.db, 'a')).toBe(16);
    expect(ftsCount(h.db)).toBe(16);
    expect(duplicateKeys(h.db)).toBe(0);
    expect(getItemByExternalId(h.db, 'a', '7')).toBeUndefined();
    // The same row, renamed: read state and row ids survive a resync.
    expect(getItemByExternalId(h.db, 'a', 'v2-7')?.id).toBe(keptId);
    expect(getItemByExternalId(h.db, 'a', '500')).toBeDefined();
    expect(getStreamState(h.db, 'a', 'inbox')).toMatchObject({ cursor: { page: 3, epoch: 2 }, generation: 1 });
    expect(report.deleted).toBe(5);
    expect(h.lines().some((l) => l.msg === 'cursor expired: resyncing the stream' && typeof l.correlationId === 'string')).toBe(true);
  });

  it('a resync interrupted midway keeps every old row and finishes the reconcile on the next run', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: paginate(range(0, 20), 5) } });
    h.addAccount('a', script);
    await h.orchestrator.syncAccount('a');
    script.epoch = 2;
    script.streams.inbox = paginate(range(0, 15), 5); // 15-19 are gone
    // The resync's second page fails (the provider went away): the run stops mid-resync.
    script.failures.push(new BadResponse('page 2 broken'));
    const cut = h.orchestrator.syncAccount('a');
    // First page of the resync is served before the failure; BadResponse is not retried.
    const first = await cut;
    expect(first.ok).toBe(false);
    expect(itemCount(h.db, 'a')).toBe(20); // nothing lost while the resync is unfinished
    const resumed = await h.orchestrator.syncAccount('a');
    expect(resumed.ok).toBe(true);
    expect(itemCount(h.db, 'a')).toBe(15);
    expect(duplicateKeys(h.db)).toBe(0);
    expect(getItemByExternalId(h.db, 'a', '17')).toBeUndefined();
  });
});

describe('Orchestrator: retries and failures', () => {
  it('honours Retry-After on RateLimited: every wait is at least what the provider asked', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: [{ upserts: [email(1)] }] } });
    script.failures.push(new RateLimited('slow down', 2_000), new RateLimited('slow down', 3_000));
    h.addAccount('a', script);
    const report = await h.orchestrator.syncAccount('a');
    expect(report.ok).toBe(true);
    expect(h.waits).toEqual([2_000, 3_000]);
    const attempts = h.lines().filter((l) => l.op === 'fetch-page' && l.attempt !== undefined && l.msg !== 'retrying');
    expect(attempts.map((l) => [l.attempt, l.outcome])).toEqual([
      [1, 'RateLimited'],
      [2, 'RateLimited'],
      [3, 'ok'],
    ]);
  });

  it('backs off exponentially on ProviderUnavailable, then gives up and schedules the account', async () => {
    h = createHarness({ now: () => 1_000_000 });
    const script = newScript({ streams: { inbox: [{ upserts: [email(1)] }] } });
    for (let i = 0; i < 5; i++) script.failures.push(new ProviderUnavailable('503'));
    h.addAccount('a', script);
    const report = await h.orchestrator.syncAccount('a');
    // Full jitter with random 0.5: half of 500, 1000, 2000, 4000.
    expect(h.waits).toEqual([250, 500, 1_000, 2_000]);
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/could not be reached/);
    const health = getHealth(h.db, 'a');
    expect(health).toMatchObject({ state: 'backoff', lastErrorAt: 1_000_000 });
    // Account backoff: equal jitter of 30 s at the first failure.
    expect(health?.nextRetryAt).toBe(1_000_000 + 22_500);
  });

  it('logs a skipped (malformed) item with the correlation id, counts it in health, and goes on', async () => {
    h = createHarness();
    const script = newScript({
      streams: { inbox: [{ upserts: [email(1)], skipped: [{ externalId: '2', reason: 'sentAt: invalid date' }] }, { upserts: [email(3)] }] },
    });
    h.addAccount('a', script);
    const report = await h.orchestrator.syncAccount('a');
    expect(report).toMatchObject({ ok: true, upserted: 2, skipped: 1 });
    const line = h.lines().find((l) => l.msg === 'item skipped: provider payload could not be mapped');
    expect(line).toMatchObject({ accountId: 'a', externalId: '2', reason: 'sentAt: invalid date' });
    const finished = h.lines().find((l) => l.msg === 'sync finished');
    expect(line?.correlationId).toMatch(/^[0-9a-f]{12}$/);
    expect(line?.correlationId).toBe(finished?.correlationId);
    expect(getHealth(h.db, 'a')?.skipped).toBe(1);
  });

  it('AuthExpired stops only that account (state auth, no retry) while another keeps syncing', async () => {
    h = createHarness();
    const bad = newScript({ streams: { inbox: [{ upserts: [email(1)] }] } });
    bad.failures.push(new AuthExpired('invalid_grant'));
    h.addAccount('bad', bad);
    h.addAccount('good', newScript({ streams: { inbox: paginate(range(0, 12), 5) } }));
    const reports = await h.orchestrator.syncAll();
    expect(reports.map((r) => [r.accountId, r.ok])).toEqual([
      ['bad', false],
      ['good', true],
    ]);
    expect(h.waits).toEqual([]); // AuthExpired is never retried
    expect(itemCount(h.db, 'good')).toBe(12);
    const health = getHealth(h.db, 'bad');
    expect(health).toMatchObject({ state: 'auth', nextRetryAt: null });
    expect(health?.lastError).toMatch(/sign in again/);
    expect(getHealth(h.db, 'good')).toMatchObject({ state: 'idle', lastError: null });
    // The instance is dropped so that new credentials are read on the next sync.
    expect(h.host.has('bad')).toBe(false);
    expect(h.host.has('good')).toBe(true);
  });

  it('invalid settings put the account in error without a retry, naming the field', async () => {
    h = createHarness();
    h.addAccount('a', newScript(), { user: 42 });
    const report = await h.orchestrator.syncAccount('a');
    expect(report.ok).toBe(false);
    // (The registry words a wrong type as "missing": zod 4 issues carry no input by default.)
    expect(report.error).toMatch(/setting "user" is .*Fix the account settings/);
    expect(getHealth(h.db, 'a')).toMatchObject({ state: 'error', nextRetryAt: null });
  });

  it('one failing stream does not stop the others; the account still reports the error', async () => {
    h = createHarness();
    const script = newScript({ streams: { broken: [{ upserts: [email(1)] }], inbox: [{ upserts: [email(2)] }] } });
    script.syncErrors.broken = new BadResponse('folder listing unreadable');
    h.addAccount('a', script);
    const report = await h.orchestrator.syncAccount('a');
    expect(report.ok).toBe(false);
    expect(report.streams).toEqual(['inbox']);
    expect(getItemByExternalId(h.db, 'a', '2')).toBeDefined();
    expect(getHealth(h.db, 'a')?.lastError).toMatch(/could not read/);
  });
});

describe('Orchestrator: health, identity, secrets', () => {
  it('records health, stores me() once, and derives cursor age', async () => {
    let now = 5_000_000;
    h = createHarness({ now: () => now });
    h.addAccount('a', newScript({ streams: { inbox: [{ upserts: [email(1)] }] } }));
    await h.orchestrator.syncAccount('a');
    expect(getHealth(h.db, 'a')).toMatchObject({ state: 'idle', lastSuccessAt: 5_000_000, lastError: null, nextRetryAt: null });
    expect(getAccount(h.db, 'a')?.me).toEqual([{ kind: 'email', address: 'me@example.test' }]);
    expect(h.events).toContainEqual({ kind: 'accounts' });
    const updatedAt = getStreamState(h.db, 'a', 'inbox')?.updatedAt ?? 0;
    now = updatedAt + 60_000;
    const status = getAccountStatus(h.db, 'a', now);
    expect(status).toMatchObject({ name: 'Account a', state: 'idle', cursorAgeMs: 60_000 });
    expect(status?.streams).toEqual([{ stream: 'inbox', updatedAt, cursorAgeMs: 60_000, generation: 0 }]);
  });

  it('hands secrets to the connector through settings but never writes them to a log', async () => {
    h = createHarness();
    const password = 'hunter2-Very-Secret-Passw0rd';
    const script = newScript({ streams: { inbox: [{ upserts: [email(1)] }] } });
    let seen: unknown;
    script.onPage = ({ settings, log }) => {
      seen = settings.password;
      // A careless connector logging its whole settings, nested, and an error carrying the password.
      log.info({ settings, request: { headers: { Authorization: `Basic ${password}` } } }, 'debug dump');
      const err = Object.assign(new Error('login failed'), { config: { auth: { pass: password } } });
      log.info({ err }, 'an error');
    };
    script.failures.push(new ProviderUnavailable('flaky'));
    h.addAccount('a', script, { user: 'ana' });
    await h.secrets.set('a:password', password);
    const report = await h.orchestrator.syncAccount('a');
    expect(report.ok).toBe(true);
    expect(seen).toBe(password);
    const logs = h.rawLogs();
    expect(logs).toContain('[redacted]');
    expect(logs).toContain('login failed');
    expect(logs).not.toContain(password);
    // Settings in SQLite hold no secret either.
    expect(JSON.stringify(getAccount(h.db, 'a')?.settings)).not.toContain(password);
  });
});

describe('Orchestrator: scheduling', () => {
  it('never runs two syncs of one account at once; concurrent requests share a follow-up run', async () => {
    h = createHarness();
    const script = newScript({ streams: { inbox: paginate(range(0, 10), 2) }, pageDelayMs: 5 });
    h.addAccount('a', script);
    const runs = await Promise.all([
      h.orchestrator.syncAccount('a'),
      h.orchestrator.syncAccount('a', { streams: ['inbox'] }),
      h.orchestrator.syncAccount('a'),
    ]);
    expect(script.maxActive).toBe(1);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(runs[1]).toBe(runs[2]); // the two late requests were merged
    expect(script.served.length).toBe(5); // the follow-up had nothing new to fetch
  });

  it('start() syncs at once, push notifications trigger a debounced sync, stop() aborts cleanly', async () => {
    h = createHarness({ pushDebounceMs: 10 });
    const script = newScript({ streams: { inbox: [{ upserts: [email(1)] }] } });
    h.addAccount('a', script);
    const synced = () => new Promise<void>((resolve) => {
      const off = h.bus.on((e) => {
        if (e.kind === 'health' && getHealth(h.db, 'a')?.state === 'idle') {
          off();
          resolve();
        }
      });
    });
    let done = synced();
    h.orchestrator.start({ intervalMs: 60_000 });
    await done;
    expect(itemCount(h.db, 'a')).toBe(1);
    await expect.poll(() => script.watchers.length).toBe(1);
    script.streams.inbox?.push({ upserts: [email(2)] }, { upserts: [email(3)] });
    done = synced();
    script.watchers[0]?.(['inbox']);
    script.watchers[0]?.(['inbox']);
    await done;
    expect(itemCount(h.db, 'a')).toBe(3);
    script.pageDelayMs = 200;
    script.streams.inbox?.push({ upserts: [email(4)] });
    script.watchers[0]?.(['inbox']);
    await expect.poll(() => script.active).toBe(1);
    await h.orchestrator.stop();
    expect(script.active).toBe(0);
    expect(script.watchers.length).toBe(0);
    expect(getHealth(h.db, 'a')?.state).toBe('idle');
  });
});
