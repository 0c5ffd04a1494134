// Crash states, set up the way a crash leaves them: the row committed `sending`, with or without the
// provider's acceptance recorded, and a fresh Outbox whose recover() must settle it without a double send.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderUnavailable } from '../../../connectors/contract/errors.ts';
import { Outbox } from '../../../electron/main/services/outbox.ts';
import { ChangeBus } from '../../../electron/main/store/changes.ts';
import type { WriteDb } from '../../../electron/main/store/db.ts';
import { getItemByExternalId } from '../../../electron/main/store/items.ts';
import { markSubmitted, transition } from '../../../electron/main/store/outbox.ts';
import { ACCOUNT, fakeConnector, openSeeded, sentResult, type FakeConnector } from '../../fixtures/outbox-setup.ts';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const log = pino({ level: 'silent' });

let dir: string;
let db: WriteDb;
let itemId: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-recover-'));
  const seeded = openSeeded(path.join(dir, 'cache.db'));
  db = seeded.db;
  itemId = seeded.itemIds[0]!;
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function outbox(fake: FakeConnector | (() => Promise<never>)): Outbox {
  const getInstance = typeof fake === 'function' ? fake : async () => fake.instance;
  return new Outbox({ db, bus: new ChangeBus(), log, getInstance, now: () => T0 + 10_000 });
}

/** The state a crash inside send() leaves behind. */
function crashedWhileSending(opts: { submitted: boolean }): string {
  const entry = outbox(fakeConnector()).queueReply({ accountId: ACCOUNT, replyToItemId: itemId, text: 'hi' });
  transition(db, entry.id, ['pending'], 'sending', T0 + 5000, { attempts: 'increment' });
  if (opts.submitted) expect(markSubmitted(db, entry.id, T0 + 5001)).toBe(true);
  return entry.id;
}

describe('recover', () => {
  it('not submitted, the provider says not-sent: back to pending, then sent once', async () => {
    const id = crashedWhileSending({ submitted: false });
    const fake = fakeConnector({ checkSent: async () => ({ status: 'not-sent' }) });
    const box = outbox(fake);
    expect(await box.recover()).toEqual({ sent: [], requeued: [id], unknown: [] });
    expect(box.get(id)?.state).toBe('pending');
    await box.flush();
    await box.flush();
    expect(fake.sends).toHaveLength(1);
    expect(box.get(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('not submitted, but the provider has it: sent with its result, not resent', async () => {
    const id = crashedWhileSending({ submitted: false });
    const fake = fakeConnector({ checkSent: async (draft) => ({ status: 'sent', result: sentResult(draft) }) });
    const box = outbox(fake);
    expect((await box.recover()).sent).toEqual([id]);
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(0);
    expect(fake.files).toHaveLength(0);
    expect(box.get(id)).toMatchObject({ state: 'sent', result: { externalId: `Sent:${id}` } });
    expect(getItemByExternalId(db, ACCOUNT, `Sent:${id}`)?.stream).toBe('Sent');
  });

  it('submitted but not filed: fileSent is called, send is not', async () => {
    const id = crashedWhileSending({ submitted: true });
    const fake = fakeConnector({ checkSent: async () => ({ status: 'not-sent' }) });
    const box = outbox(fake);
    expect((await box.recover()).sent).toEqual([id]);
    await box.flush(T0 + 600_000);
    expect(fake.checks).toHaveLength(1);
    expect(fake.files).toHaveLength(1);
    expect(fake.sends).toHaveLength(0);
    expect(box.get(id)?.state).toBe('sent');
  });

  it('submitted and already filed: neither filed again nor sent', async () => {
    const id = crashedWhileSending({ submitted: true });
    const fake = fakeConnector({ checkSent: async (draft) => ({ status: 'sent', result: sentResult(draft) }) });
    const box = outbox(fake);
    await box.recover();
    expect(box.get(id)).toMatchObject({ state: 'sent', lastError: null });
    expect(fake.files).toHaveLength(0);
    expect(fake.sends).toHaveLength(0);
  });

  it('submitted, filing fails or is impossible: still sent (with a note), never resent', async () => {
    const id = crashedWhileSending({ submitted: true });
    const fake = fakeConnector({ fileSent: async () => { throw new ProviderUnavailable('IMAP down'); } });
    const box = outbox(fake);
    await box.recover();
    expect(box.get(id)).toMatchObject({ state: 'sent', lastError: expect.stringMatching(/could not be filed/) });
    const unreachable = crashedWhileSending({ submitted: true });
    const down = outbox(async () => { throw new Error('keyring locked'); });
    await down.recover();
    expect(down.get(unreachable)?.state).toBe('sent');
    expect(fake.sends).toHaveLength(0);
  });

  it('no checkSent capability: unknown with a clear note, not resent until retry(id)', async () => {
    const id = crashedWhileSending({ submitted: false });
    const fake = fakeConnector();
    const box = outbox(fake);
    expect((await box.recover()).unknown).toEqual([id]);
    expect(box.get(id)?.lastError).toMatch(/cannot check whether it went out.*Retry or Discard/);
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(0);
    expect(() => box.cancel(id)).toThrow(/discard it instead/);
    box.retry(id);
    await box.flush();
    expect(fake.sends).toHaveLength(1);
    expect(box.get(id)?.state).toBe('sent');
  });

  it.each([
    ['says unknown', async () => ({ status: 'unknown' as const })],
    ['throws', async (): Promise<never> => { throw new ProviderUnavailable('connection reset'); }],
  ])('the check %s: unknown, not resent', async (_label, check) => {
    const id = crashedWhileSending({ submitted: false });
    const fake = fakeConnector({ checkSent: check });
    const box = outbox(fake);
    expect((await box.recover()).unknown).toEqual([id]);
    expect(box.get(id)?.lastError).toMatch(/could not tell whether it went out/);
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(0);
    expect(box.discard(id).state).toBe('cancelled');
  });

  it('an account that cannot be reached leaves an unsubmitted entry unknown, not resent', async () => {
    const id = crashedWhileSending({ submitted: false });
    const box = outbox(async () => { throw new Error('account removed'); });
    expect((await box.recover()).unknown).toEqual([id]);
    expect(box.get(id)?.lastError).toMatch(/account removed/);
  });

  it('does not touch entries this process is still sending', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const fake = fakeConnector({
      checkSent: async () => ({ status: 'not-sent' }),
      send: async (draft, hooks) => {
        await gate;
        hooks?.submitted?.();
        return sentResult(draft);
      },
    });
    const box = outbox(fake);
    const entry = box.queueReply({ accountId: ACCOUNT, replyToItemId: itemId, text: 'slow' });
    const flushing = box.flush(T0 + 60_000);
    // recover() queued behind the flush; once it runs, the entry is sent, so there is nothing to settle.
    const recovering = box.recover();
    release();
    await flushing;
    expect(await recovering).toEqual({ sent: [], requeued: [], unknown: [] });
    expect(fake.sends).toHaveLength(1);
    expect(fake.checks).toHaveLength(0);
    expect(box.get(entry.id)?.state).toBe('sent');
  });

  it('stop({ abortInFlight }) leaves the entry sending for recover() to check', async () => {
    let aborter!: (e: Error) => void;
    const fake = fakeConnector({
      checkSent: async () => ({ status: 'not-sent' }),
      send: (_draft, _hooks) => new Promise((_resolve, reject) => {
        aborter = reject;
      }),
    });
    const box = outbox(fake);
    const entry = box.queueReply({ accountId: ACCOUNT, replyToItemId: itemId, text: 'interrupted' });
    const flushing = box.flush(T0 + 60_000);
    await new Promise((r) => setImmediate(r));
    const stopping = box.stop({ abortInFlight: true });
    aborter(new Error('aborted'));
    await stopping;
    expect((await flushing).interrupted).toEqual([entry.id]);
    expect(box.get(entry.id)?.state).toBe('sending');
    const next = outbox(fakeConnector({ checkSent: async () => ({ status: 'not-sent' }) }));
    expect((await next.recover()).requeued).toEqual([entry.id]);
  });
});
