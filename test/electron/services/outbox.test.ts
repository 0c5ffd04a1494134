import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpired, BadResponse, ProviderUnavailable, RateLimited, SendOutcomeUnknown } from '../../../connectors/contract/errors.ts';
import type { UnifiedItem } from '../../../connectors/contract/models.ts';
import type { ConnectorDefinition } from '../../../connectors/contract/connector.ts';
import { instanceFromHost, Outbox, OutboxError, type OutboxDeps } from '../../../electron/main/services/outbox.ts';
import { replySubject } from '../../../electron/main/services/outbox-draft.ts';
import { ChangeBus, type ChangeEvent } from '../../../electron/main/store/changes.ts';
import type { WriteDb } from '../../../electron/main/store/db.ts';
import { countItems, getItemByExternalId, upsertItems } from '../../../electron/main/store/items.ts';
import { beginResync } from '../../../electron/main/store/sync-state.ts';
import { ACCOUNT, ALICE, fakeConnector, ME, openSeeded, repliedEmail, sentResult, type FakeConnector } from '../../fixtures/outbox-setup.ts';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const log = pino({ level: 'silent' });

let dir: string;
let file: string;
let db: WriteDb;
let itemId: number;
let events: ChangeEvent[];
let bus: ChangeBus;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
  file = path.join(dir, 'cache.db');
  const seeded = openSeeded(file);
  db = seeded.db;
  itemId = seeded.itemIds[0]!;
  bus = new ChangeBus();
  events = [];
  bus.on((e) => events.push(e));
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function outbox(fake: FakeConnector, extra: Partial<OutboxDeps> = {}): Outbox {
  return new Outbox({ db, bus, log, getInstance: async () => fake.instance, now: () => T0, ...extra });
}

function queue(box: Outbox, text = 'Here it is.') {
  return box.queueReply({ accountId: ACCOUNT, replyToItemId: itemId, text });
}

describe('queueReply', () => {
  it('answers the sender with "Re: " once, pending until the undo window ends', () => {
    const box = outbox(fakeConnector());
    const entry = queue(box);
    expect(entry).toMatchObject({ state: 'pending', sendAfter: T0 + 5000, attempts: 0, accountId: ACCOUNT, replyToItemId: itemId });
    expect(entry.draft).toMatchObject({ idempotencyKey: entry.id, to: [ALICE], subject: 'Re: Quarterly report', text: 'Here it is.' });
    expect(entry.draft.replyTo).toMatchObject({ externalId: 'INBOX:1', conversationId: '<thread-1@example.com>' });
    expect(events).toContainEqual({ kind: 'outbox', ids: [entry.id] });
    expect(replySubject('Re: Quarterly report')).toBe('Re: Quarterly report');
    expect(replySubject('RE:  x')).toBe('RE:  x');
    expect(replySubject('AW: Termin')).toBe('AW: Termin');
    expect(replySubject('Really?')).toBe('Re: Really?');
    expect(replySubject('')).toBe('Re:');
  });

  it('replies to a message from me go to its recipients; the undo window is configurable', () => {
    const mine = openSeeded(file, [repliedEmail({ externalId: 'Sent:9', sender: ME, recipients: [ALICE], fromMe: false })]);
    mine.db.close();
    const box = outbox(fakeConnector(), { undoMs: 20_000 });
    const entry = box.queueReply({ accountId: ACCOUNT, replyToItemId: mine.itemIds[0]!, text: 'ping' });
    expect(entry.draft.to).toEqual([ALICE]);
    expect(entry.sendAfter).toBe(T0 + 20_000);
  });

  it('a chat reply goes to the conversation, without the user and without a subject', () => {
    const chat = {
      kind: 'message', externalId: 'C1:17', source: 'slack', conversationId: 'C1', sentAt: '2024-05-01T10:00:00Z',
      sender: { kind: 'slack', address: 'U2', name: 'Bob' },
      recipients: [{ kind: 'slack', address: 'U3' }, { kind: 'email', address: 'ME@example.org' }, { kind: 'slack', address: 'U2' }],
      text: 'lunch?', isUnread: true, isStarred: false, fromMe: false, folders: [], attachments: [],
    } as UnifiedItem;
    const seeded = openSeeded(file, [chat]);
    seeded.db.close();
    const entry = outbox(fakeConnector()).queueReply({ accountId: ACCOUNT, replyToItemId: seeded.itemIds[0]!, text: 'yes' });
    expect(entry.draft.to.map((i) => i.address)).toEqual(['U2', 'U3']);
    expect(entry.draft.subject).toBeUndefined();
  });

  it('refuses empty replies, unknown items and items of another account', () => {
    const box = outbox(fakeConnector());
    expect(() => queue(box, '   ')).toThrow(/empty/);
    expect(() => box.queueReply({ accountId: ACCOUNT, replyToItemId: 9999, text: 'x' })).toThrow(OutboxError);
    expect(() => box.queueReply({ accountId: 'other', replyToItemId: itemId, text: 'x' })).toThrow(/no longer in this account/);
    expect(box.list()).toEqual([]);
  });
});

describe('sending', () => {
  it('undo within the window cancels it and nothing is sent', async () => {
    const fake = fakeConnector();
    const box = outbox(fake);
    const entry = queue(box);
    expect(box.cancel(entry.id).state).toBe('cancelled');
    expect(box.cancel(entry.id).state).toBe('cancelled'); // pressing undo twice is harmless
    expect(await box.flush(T0 + 60_000)).toMatchObject({ sent: [] });
    expect(fake.sends).toHaveLength(0);
  });

  it('after the window it is sent exactly once and can no longer be undone', async () => {
    const fake = fakeConnector();
    const box = outbox(fake);
    const entry = queue(box);
    expect((await box.flush(T0 + 4999)).sent).toEqual([]);
    const [a, b] = await Promise.all([box.flush(T0 + 5000), box.flush(T0 + 5000)]);
    expect([...a.sent, ...b.sent]).toEqual([entry.id]);
    await box.flush(T0 + 99_000);
    expect(fake.sends).toHaveLength(1);
    expect(fake.sends[0]!.idempotencyKey).toBe(entry.id);
    expect(box.get(entry.id)).toMatchObject({ state: 'sent', attempts: 1, result: { externalId: `Sent:${entry.id}` } });
    expect(() => box.cancel(entry.id)).toThrow(/already sending/);
  });

  it('caches the sent item in its stream at once; the next sync of that stream updates the same row', async () => {
    const fake = fakeConnector();
    const generation = beginResync(db, ACCOUNT, 'Sent');
    const box = outbox(fake);
    const entry = queue(box);
    await box.flush(T0 + 5000);
    const cached = getItemByExternalId(db, ACCOUNT, `Sent:${entry.id}`);
    expect(cached).toMatchObject({ stream: 'Sent', item: { fromMe: true, text: 'Here it is.', conversationId: '<thread-1@example.com>' } });
    expect(events).toContainEqual({ kind: 'items', accountId: ACCOUNT, ids: [cached!.id] });
    const before = countItems(db);
    const synced = { ...sentResult(fake.sends[0]!).item!, isStarred: true } as UnifiedItem;
    const ids = upsertItems(db, ACCOUNT, [synced], { stream: 'Sent', generation });
    expect(ids).toEqual([cached!.id]);
    expect(countItems(db)).toBe(before);
  });

  it('a malformed sent item from the connector is not cached, and the entry is still sent', async () => {
    const fake = fakeConnector({
      send: async (draft, hooks) => {
        hooks?.submitted?.();
        return { ...sentResult(draft), item: { kind: 'email', externalId: '' } as unknown as UnifiedItem };
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    const before = countItems(db);
    await box.flush(T0 + 5000);
    expect(box.get(entry.id)?.state).toBe('sent');
    expect(countItems(db)).toBe(before);
  });

  it('survives a restart: reopen the cache, a new outbox sends it once', async () => {
    const entry = queue(outbox(fakeConnector()));
    db.close();
    db = openSeeded(file, []).db;
    const fake = fakeConnector();
    const box = outbox(fake);
    expect(box.get(entry.id)?.state).toBe('pending');
    await box.flush(T0 + 5000);
    await box.flush(T0 + 6000);
    expect(fake.sends.map((d) => d.idempotencyKey)).toEqual([entry.id]);
  });

  it('the loop started with start() sends due entries and stop() ends it', async () => {
    const fake = fakeConnector();
    const box = new Outbox({ db, bus, log, getInstance: async () => fake.instance, undoMs: 0 });
    const sent = new Promise<void>((resolve) => bus.on((e) => e.kind === 'items' && resolve()));
    const entry = box.queueReply({ accountId: ACCOUNT, replyToItemId: itemId, text: 'now' });
    box.start({ intervalMs: 5 });
    await sent;
    await box.stop();
    expect(box.get(entry.id)?.state).toBe('sent');
    expect(fake.sends).toHaveLength(1);
  });
});

describe('errors', () => {
  it('a rate limit backs off for the Retry-After the provider gave, then sends once', async () => {
    const fake = fakeConnector({
      checkSent: async () => ({ status: 'not-sent' }),
      send: async (draft, hooks, attempt) => {
        if (attempt === 1) throw new RateLimited('429 Too Many Requests', 30_000);
        hooks?.submitted?.();
        return sentResult(draft);
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    expect((await box.flush(T0 + 5000)).retrying).toEqual([entry.id]);
    expect(box.get(entry.id)).toMatchObject({ state: 'pending', sendAfter: T0 + 35_000, attempts: 1, lastError: '429 Too Many Requests' });
    expect((await box.flush(T0 + 34_999)).sent).toEqual([]);
    expect((await box.flush(T0 + 35_000)).sent).toEqual([entry.id]);
    expect(fake.sends).toHaveLength(2);
    // The repeat asked the provider first, in case the first attempt had gone through after all.
    expect(fake.checks).toHaveLength(1);
  });

  it('a repeat finds the first attempt did reach the provider and does not send again', async () => {
    const fake = fakeConnector({
      checkSent: async (draft) => ({ status: 'sent', result: sentResult(draft) }),
      send: async () => {
        throw new ProviderUnavailable('timeout after DATA');
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    await box.flush(T0 + 5000);
    await box.flush(T0 + 60_000);
    expect(fake.sends).toHaveLength(1);
    expect(box.get(entry.id)?.state).toBe('sent');
  });

  it('gives up after the attempt limit with exponential backoff and a readable message', async () => {
    const fake = fakeConnector({
      send: async () => {
        throw new ProviderUnavailable('connect ECONNREFUSED');
      },
    });
    const box = outbox(fake, { maxAttempts: 3 });
    const entry = queue(box);
    let now = T0 + 5000;
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await box.flush(now);
      const e = box.get(entry.id)!;
      if (e.state === 'pending') waits.push(e.sendAfter - now);
      now = e.sendAfter;
    }
    expect(waits).toEqual([2000, 4000]);
    expect(fake.sends).toHaveLength(3);
    const failed = box.get(entry.id)!;
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/Gave up after 3 attempts.*ECONNREFUSED/);
  });

  it.each([
    [new AuthExpired('535 authentication failed'), /sign-in has expired\. Sign in again/],
    [new BadResponse('554 message rejected as spam'), /provider refused this reply: 554/],
    [new TypeError('x is undefined'), /Sending failed: x is undefined/],
  ])('non-retryable %s fails at once with a readable message', async (error, message) => {
    const fake = fakeConnector({
      send: async () => {
        throw error;
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    expect((await box.flush(T0 + 5000)).failed).toEqual([entry.id]);
    expect(box.get(entry.id)?.lastError).toMatch(message);
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(1);
  });

  it('a send cut off after the message left (SendOutcomeUnknown) waits for the user and is never resent by itself', async () => {
    const fake = fakeConnector({
      send: async () => {
        throw new SendOutcomeUnknown('SMTP send: Timeout');
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    await box.flush(T0 + 5000);
    expect(box.get(entry.id)?.state).toBe('unknown');
    expect(box.get(entry.id)?.lastError).toMatch(/may or may not have gone out.*Retry or Discard/);
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(1);
    box.retry(entry.id); // the user looked and chose to send it again
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(2);
  });

  it('a connector without send fails with "cannot send"; an unreachable account fails readably', async () => {
    const box = outbox(fakeConnector({ send: false }));
    const entry = queue(box);
    await box.flush(T0 + 5000);
    expect(box.get(entry.id)?.lastError).toMatch(/cannot send replies/);
    const locked = outbox(fakeConnector(), { getInstance: async () => { throw new AuthExpired('token revoked'); } });
    const other = queue(locked);
    await locked.flush(T0 + 5000);
    expect(locked.get(other.id)?.lastError).toMatch(/Sign in again/);
  });

  it('a failed reply can be edited and retried, or discarded', async () => {
    let fail = true;
    const fake = fakeConnector({
      send: async (draft, hooks) => {
        if (fail) throw new BadResponse('550 mailbox unavailable');
        hooks?.submitted?.();
        return sentResult(draft);
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    await box.flush(T0 + 5000);
    expect(() => box.edit(entry.id, '')).toThrow(/empty/);
    expect(box.edit(entry.id, 'Corrected text').draft.text).toBe('Corrected text');
    fail = false;
    expect(box.retry(entry.id)).toMatchObject({ state: 'pending', attempts: 0 });
    await box.flush(T0 + 6000);
    expect(fake.sends.map((d) => d.text)).toEqual(['Here it is.', 'Corrected text']);
    expect(fake.sends[1]!.idempotencyKey).toBe(entry.id);
    expect(() => box.retry(entry.id)).toThrow(/Only failed or unknown/);
    expect(() => box.edit(entry.id, 'again')).toThrow(/Only a failed reply/);

    fail = true;
    const second = queue(box);
    await box.flush(T0 + 6000);
    expect(box.discard(second.id).state).toBe('cancelled');
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(3);
    expect(() => box.cancel('nope')).toThrow(/No outbox entry/);
  });

  it('a failure after the provider accepted it files the copy and never sends again', async () => {
    const fake = fakeConnector({
      send: async (_draft, hooks) => {
        hooks?.submitted?.();
        throw new ProviderUnavailable('APPEND to Sent timed out');
      },
    });
    const box = outbox(fake);
    const entry = queue(box);
    expect((await box.flush(T0 + 5000)).sent).toEqual([entry.id]);
    await box.flush(T0 + 600_000);
    expect(fake.sends).toHaveLength(1);
    expect(fake.files).toHaveLength(1);
    expect(box.get(entry.id)).toMatchObject({ state: 'sent', lastError: null });
    expect(getItemByExternalId(db, ACCOUNT, `Sent:${entry.id}`)).toBeDefined();
  });
});

describe('instanceFromHost', () => {
  it('refuses a connector without the reply capability, so the entry fails with a clear message', async () => {
    const fake = fakeConnector();
    const manifest = (capabilities: string[]) => ({ displayName: 'OneNote', capabilities }) as unknown as ConnectorDefinition['manifest'];
    const host = (capabilities: string[]) => ({
      get: async () => ({ definition: { manifest: manifest(capabilities) } as ConnectorDefinition, instance: fake.instance }),
    });
    const box = outbox(fake, { getInstance: instanceFromHost(host(['markRead'])) });
    const entry = queue(box);
    await box.flush(T0 + 5000);
    expect(box.get(entry.id)?.lastError).toBe('This account cannot send replies. (OneNote accounts cannot send replies)');
    expect(fake.sends).toHaveLength(0);
    const able = outbox(fake, { getInstance: instanceFromHost(host(['reply'])) });
    const second = queue(able);
    await able.flush(T0 + 5000);
    expect(able.get(second.id)?.state).toBe('sent');
  });
});

describe('robustness', () => {
  it('records the acceptance even when the connector never calls submitted()', async () => {
    const fake = fakeConnector({ send: async (draft) => sentResult(draft) });
    const box = outbox(fake);
    const entry = queue(box);
    await box.flush(T0 + 5000);
    expect(box.get(entry.id)).toMatchObject({ state: 'sent', submittedAt: T0 });
  });

  it('a throwing change listener does not leave an entry stuck or sent twice', async () => {
    const fake = fakeConnector();
    const box = outbox(fake);
    bus.on(() => {
      throw new Error('renderer gone');
    });
    const entry = queue(box);
    await box.flush(T0 + 5000);
    await box.flush(T0 + 9000);
    expect(box.get(entry.id)?.state).toBe('sent');
    expect(fake.sends).toHaveLength(1);
  });
});
