// Item writes and the FTS index: idempotent upserts, resync reconciliation, deletes, patches, cascades.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteAccount } from '../../../electron/main/store/accounts.ts';
import type { WriteDb } from '../../../electron/main/store/db.ts';
import { writeTransaction } from '../../../electron/main/store/db.ts';
import { countItems, deleteItems, deleteStaleItems, getItemByExternalId, patchItems, upsertItems } from '../../../electron/main/store/items.ts';
import { beginResync } from '../../../electron/main/store/sync-state.ts';
import { allFtsIds, email, freshDb, ftsIds, tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
let db: WriteDb;
beforeEach(() => {
  tmp = tempDir();
  db = freshDb(tmp.dir, ['acc1', 'acc2']);
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const opts = { stream: 'INBOX', generation: 0 };
const batch = () => [
  email('1', { subject: 'Invoice March', text: 'please pay', html: '<p>please pay</p>' }),
  email('2', { subject: 'Lunch', text: 'tacos on friday' }),
  email('3', { subject: 'Invoice April', text: 'second notice' }),
];

describe('upsertItems', () => {
  it('is idempotent: replaying a batch keeps counts, ids and one FTS row per item', () => {
    const first = writeTransaction(db, () => upsertItems(db, 'acc1', batch(), opts));
    const second = writeTransaction(db, () => upsertItems(db, 'acc1', batch(), opts));
    expect(second).toEqual(first);
    expect(countItems(db)).toBe(3);
    expect(allFtsIds(db)).toEqual(first);
    expect(ftsIds(db, 'invoice')).toEqual([first[0], first[2]]);
    expect(db.prepare('SELECT count(*) FROM item_html').pluck().get()).toBe(1);
  });

  it('re-indexes an item whose text changed, without duplicating it', () => {
    const [id] = upsertItems(db, 'acc1', [email('1', { subject: 'Old words' })], opts);
    upsertItems(db, 'acc1', [email('1', { subject: 'New words' })], opts);
    expect(ftsIds(db, 'old')).toEqual([]);
    expect(ftsIds(db, 'new')).toEqual([id]);
    expect(allFtsIds(db)).toEqual([id]);
  });

  it('keys items by account: the same external id in two accounts is two items', () => {
    upsertItems(db, 'acc1', [email('1')], opts);
    upsertItems(db, 'acc2', [email('1')], opts);
    expect(countItems(db)).toBe(2);
    expect(countItems(db, 'acc2')).toBe(1);
  });
});

describe('resync reconciliation', () => {
  it('keeps row ids for items with the same reconcileKey and removes the rest', () => {
    const keyed = (id: string, key: string, text: string) => email(id, { reconcileKey: key, text });
    const before = upsertItems(db, 'acc1', [keyed('uid-1', '<a@x>', 'alpha'), keyed('uid-2', '<b@x>', 'bravo'), keyed('uid-3', '<c@x>', 'charlie')], opts);
    // The server reissued UIDs (UIDVALIDITY change); <c@x> is gone, <d@x> is new.
    const generation = beginResync(db, 'acc1', 'INBOX');
    const after = writeTransaction(db, () =>
      upsertItems(db, 'acc1', [keyed('v2-10', '<a@x>', 'alpha'), keyed('v2-11', '<b@x>', 'bravo'), keyed('v2-12', '<d@x>', 'delta')],
        { stream: 'INBOX', generation, reconcile: true }),
    );
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    const removed = deleteStaleItems(db, 'acc1', 'INBOX', generation);
    expect(removed).toEqual([before[2]]);
    expect(countItems(db)).toBe(3);
    expect(getItemByExternalId(db, 'acc1', 'uid-1')).toBeUndefined();
    expect(getItemByExternalId(db, 'acc1', 'v2-10')?.id).toBe(before[0]);
    expect(ftsIds(db, 'charlie')).toEqual([]);
    expect(ftsIds(db, 'delta')).toEqual([after[2]]);
    expect(allFtsIds(db)).toEqual([...after].sort((a, b) => a - b));
  });
});

describe('deletes, patches and cascades keep the FTS index exact', () => {
  it('deleteItems removes the rows and their FTS rows', () => {
    const ids = upsertItems(db, 'acc1', batch(), opts);
    expect(deleteItems(db, 'acc1', ['1', 'missing'])).toEqual([ids[0]]);
    expect(ftsIds(db, 'invoice')).toEqual([ids[2]]);
    expect(allFtsIds(db)).toEqual([ids[1], ids[2]]);
    expect(db.prepare('SELECT count(*) FROM item_html').pluck().get()).toBe(0);
  });

  it('patches change state but leave the FTS rows alone', () => {
    const ids = upsertItems(db, 'acc1', batch(), opts);
    const fts = allFtsIds(db);
    expect(patchItems(db, 'acc1', [{ externalId: '2', isUnread: true, isStarred: true, folders: ['archive'] }, { externalId: 'nope', isUnread: false }]))
      .toEqual([ids[1]]);
    expect(allFtsIds(db)).toEqual(fts);
    expect(ftsIds(db, 'tacos')).toEqual([ids[1]]);
    const item = getItemByExternalId(db, 'acc1', '2')!.item;
    expect(item).toMatchObject({ isUnread: true, isStarred: true, folders: ['archive'], text: 'tacos on friday' });
  });

  it('removing an account cascades to its items, HTML, cursors and FTS rows', () => {
    const mine = upsertItems(db, 'acc1', batch(), opts);
    const theirs = upsertItems(db, 'acc2', [email('9', { text: 'invoice elsewhere' })], opts);
    beginResync(db, 'acc1', 'INBOX');
    expect(deleteAccount(db, 'acc1')).toBe(true);
    expect(countItems(db)).toBe(1);
    expect(allFtsIds(db)).toEqual(theirs);
    expect(ftsIds(db, 'invoice')).toEqual(theirs);
    expect(mine.every((id) => !allFtsIds(db).includes(id))).toBe(true);
    expect(db.prepare('SELECT count(*) FROM item_html').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sync_state WHERE account_id = 'acc1'").pluck().get()).toBe(0);
  });
});
