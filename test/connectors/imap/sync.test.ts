// Sync against a real Dovecot with real corpus mail: first sync, resume, incremental, flags, expunges.
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorExpired } from '../../../connectors/contract/errors.ts';
import type { UnifiedEmail } from '../../../connectors/contract/models.ts';
import type { FolderCursor } from '../../../connectors/imap/provider-schemas.ts';
import { readCorpusMessages } from '../../helpers/corpus.ts';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts';
import { connect, MemoryStore, otherClient } from './imap-harness.ts';

const N = 300;
let dovecot: Dovecot;
let corpus: Buffer[];

beforeAll(async () => {
  dovecot = await startDovecot();
  corpus = await readCorpusMessages(N + 20);
  await dovecot.seedMessages(dovecot.user, 'INBOX', corpus.slice(0, N));
});
afterAll(async () => {
  await dovecot?.stop();
});

const cursorOf = (store: MemoryStore) => store.cursor as FolderCursor;

describe('imap connector: first sync', () => {
  it('lists INBOX, Sent and Archive as streams by special use', async () => {
    const imap = connect(dovecot);
    const streams = await imap.streams();
    expect(streams.map((s) => s.id)).toEqual(['INBOX', 'Sent', 'Archive']);
    await imap.close();
  });

  it('fetches every message newest first in batches, with fields from the MIME', async () => {
    const imap = connect(dovecot, {}, { batchSize: 100 });
    const store = new MemoryStore();
    const batches = await store.sync(imap, 'INBOX');
    expect(store.items.size).toBe(N);
    const withMail = batches.filter((b) => b.upserts.length > 0);
    expect(withMail.map((b) => b.upserts.length)).toEqual([100, 100, 100]);
    // newest first: the first batch carries the highest UIDs
    const uidsOf = (i: number) => withMail[i]!.upserts.map((u) => Number(u.externalId.split(':')[2]));
    expect(Math.min(...uidsOf(0))).toBe(201);
    expect(Math.max(...uidsOf(2))).toBe(100);
    const cursor = cursorOf(store);
    expect(cursor.backfillBelow).toBe(0);
    expect(cursor.known).toBe(`1:${N}`);
    expect(cursor.uidNext).toBe(N + 1);

    // Field check against an independent parse of the same bytes (message 7 = UID 7).
    const item = [...store.items.values()].find((i) => i.externalId.endsWith(':7')) as UnifiedEmail;
    const expected = await PostalMime.parse(corpus[6]!);
    expect(item.externalId).toBe(`INBOX:${cursor.uidValidity}:7`);
    expect(item.subject).toBe(expected.subject ?? '');
    expect(item.sender.address).toBe((expected.from as { address: string }).address);
    expect(item.messageId).toBe(expected.messageId);
    expect(item.reconcileKey).toBe(expected.messageId);
    expect(item.isUnread).toBe(true);
    expect(item.folders).toContain('inbox');
    expect(item.text.length).toBeGreaterThan(0);
    await imap.close();
  });

  it('resumes an interrupted first sync from the last committed batch without refetching', async () => {
    const imap = connect(dovecot, {}, { batchSize: 100 });
    const store = new MemoryStore();
    // "Crash" after the first batch with mail: stop consuming.
    for await (const batch of imap.sync('INBOX', undefined, new AbortController().signal)) {
      store.apply(batch);
      if (batch.upserts.length > 0) break;
    }
    expect(store.items.size).toBe(100);
    expect(cursorOf(store).backfillBelow).toBe(201);
    const resumed = await store.sync(imap, 'INBOX');
    const refetched = resumed.flatMap((b) => b.upserts).filter((u) => Number(u.externalId.split(':')[2]) > 200);
    expect(refetched).toHaveLength(0);
    expect(store.items.size).toBe(N);
    expect(cursorOf(store).backfillBelow).toBe(0);
    await imap.close();
  });

  it('keeps threading: replies get the conversation of their References root', async () => {
    const imap = connect(dovecot);
    const store = new MemoryStore();
    await store.sync(imap, 'INBOX');
    const emails = [...store.items.values()] as UnifiedEmail[];
    const reply = emails.find((e) => e.references.length > 0);
    expect(reply).toBeDefined();
    expect(reply!.conversationId).toBe(reply!.references[0]);
    await imap.close();
  });
});

describe('imap connector: incremental sync', () => {
  let store: MemoryStore;
  const imapOpts = { batchSize: 100 };

  beforeAll(async () => {
    store = new MemoryStore();
    const imap = connect(dovecot, {}, imapOpts);
    await store.sync(imap, 'INBOX');
    await imap.close();
  });

  it('a second sync with nothing new changes nothing', async () => {
    const imap = connect(dovecot, {}, imapOpts);
    const before = structuredClone(store.cursor);
    const batches = await store.sync(imap, 'INBOX');
    expect(batches.flatMap((b) => b.upserts)).toHaveLength(0);
    expect(batches.flatMap((b) => b.deletions)).toHaveLength(0);
    expect(store.cursor).toEqual(before);
    await imap.close();
  });

  it('picks up new mail above UIDNEXT', async () => {
    const other = await otherClient(dovecot);
    for (const raw of corpus.slice(N, N + 5)) await other.append('INBOX', raw);
    await other.logout();
    const imap = connect(dovecot, {}, imapOpts);
    const batches = await store.sync(imap, 'INBOX');
    const upserts = batches.flatMap((b) => b.upserts);
    expect(upserts.map((u) => Number(u.externalId.split(':')[2]))).toEqual([301, 302, 303, 304, 305]);
    expect(store.items.size).toBe(N + 5);
    expect(cursorOf(store).uidNext).toBe(306);
    await imap.close();
  });

  it('turns flag changes into patches via CONDSTORE, without refetching', async () => {
    const other = await otherClient(dovecot);
    await other.mailboxOpen('INBOX');
    await other.messageFlagsAdd('3', ['\\Seen'], { uid: true });
    await other.messageFlagsAdd('4', ['\\Flagged'], { uid: true });
    await other.logout();
    const imap = connect(dovecot, {}, imapOpts);
    const batches = await store.sync(imap, 'INBOX');
    const patches = batches.flatMap((b) => b.patches ?? []);
    expect(patches.map((p) => p.externalId.split(':')[2]).sort()).toEqual(['3', '4']);
    expect(batches.flatMap((b) => b.upserts)).toHaveLength(0);
    const items = [...store.items.values()];
    expect(items.find((i) => i.externalId.endsWith(':3'))!.isUnread).toBe(false);
    expect(items.find((i) => i.externalId.endsWith(':4'))!.isStarred).toBe(true);
    await imap.close();
  });

  it('removes expunged mail via QRESYNC VANISHED', async () => {
    const other = await otherClient(dovecot);
    await other.mailboxOpen('INBOX');
    await other.messageDelete('5,10:12', { uid: true });
    await other.logout();
    const imap = connect(dovecot, {}, imapOpts);
    const batches = await store.sync(imap, 'INBOX');
    expect(batches.flatMap((b) => b.deletions).map((d) => d.split(':')[2])).toEqual(['5', '10', '11', '12']);
    expect(store.items.size).toBe(N + 5 - 4);
    expect(cursorOf(store).known).toBe('1:4,6:9,13:305');
    await imap.close();
  });
});

describe('imap connector: without QRESYNC / CONDSTORE (fallback)', () => {
  for (const disabled of [['QRESYNC'], ['CONDSTORE', 'QRESYNC']]) {
    it(`finds expunges by UID SEARCH ALL diff and flag changes with ${disabled.join('+')} off`, async () => {
      const folder = `Fallback${disabled.length}`;
      const other = await otherClient(dovecot);
      await other.mailboxCreate(folder);
      for (const raw of corpus.slice(0, 40)) await other.append(folder, raw);
      const imap = connect(dovecot, { disableExtensions: disabled });
      const store = new MemoryStore();
      await store.sync(imap, folder);
      expect(store.items.size).toBe(40);
      if (disabled.includes('CONDSTORE')) expect(cursorOf(store).highestModseq).toBeUndefined();

      await other.mailboxOpen(folder);
      await other.messageDelete('2,7', { uid: true });
      await other.messageFlagsAdd('9', ['\\Seen', '\\Flagged'], { uid: true });
      await other.logout();
      const batches = await store.sync(imap, folder);
      expect(batches.flatMap((b) => b.deletions).map((d) => d.split(':')[2])).toEqual(['2', '7']);
      const nine = [...store.items.values()].find((i) => i.externalId.endsWith(':9'))!;
      expect(nine.isUnread).toBe(false);
      expect(nine.isStarred).toBe(true);
      expect(cursorOf(store).known).toBe('1,3:6,8:40');
      // And with nothing changed, nothing is emitted.
      const again = await store.sync(imap, folder);
      expect(again.flatMap((b) => [...b.upserts, ...b.deletions])).toHaveLength(0);
      await imap.close();
    });
  }
});

describe('imap connector: UIDVALIDITY', () => {
  it('throws CursorExpired when the folder was recreated, and a fresh sync works', async () => {
    const other = await otherClient(dovecot);
    await other.mailboxCreate('Projects');
    for (const raw of corpus.slice(0, 3)) await other.append('Projects', raw);
    const imap = connect(dovecot);
    const store = new MemoryStore();
    await store.sync(imap, 'Projects');
    const oldValidity = cursorOf(store).uidValidity;
    await other.mailboxDelete('Projects');
    await other.mailboxCreate('Projects');
    for (const raw of corpus.slice(0, 2)) await other.append('Projects', raw);
    await other.logout();
    const error = await store.sync(imap, 'Projects').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CursorExpired);
    expect((error as CursorExpired).stream).toBe('Projects');
    // The orchestrator then resyncs from scratch, reconciling by Message-ID.
    store.cursor = undefined;
    const fresh = await store.sync(imap, 'Projects');
    const upserts = fresh.flatMap((b) => b.upserts);
    expect(upserts).toHaveLength(2);
    expect(cursorOf(store).uidValidity).not.toBe(oldValidity);
    expect(upserts.every((u) => u.reconcileKey)).toBe(true);
    await imap.close();
  });

  it('rejects a cursor it cannot read with CursorExpired', async () => {
    const imap = connect(dovecot);
    const iter = imap.sync('INBOX', { v: 99 }, new AbortController().signal)[Symbol.asyncIterator]();
    await expect(iter.next()).rejects.toBeInstanceOf(CursorExpired);
    await imap.close();
  });
});
