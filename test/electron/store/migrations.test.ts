// One test per migration (schema after it, data carried forward), order, and refusal of newer or corrupt files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseCorrupt, openDatabase } from '../../../electron/main/store/db.ts';
import { assertOrdered, DatabaseTooNew, LATEST_VERSION, type Migration, migrations, runMigrations } from '../../../electron/main/store/migrations/index.ts';
import { upsertItems } from '../../../electron/main/store/items.ts';
import { email, ftsIds, tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
let db: Database.Database;
beforeEach(() => {
  tmp = tempDir();
  db = new Database(path.join(tmp.dir, 'm.db'));
  db.pragma('foreign_keys = ON');
});
afterEach(() => {
  if (db.open) db.close();
  tmp.remove();
});

const upTo = (version: number) => migrations.filter((m) => m.version <= version);
const tables = () => db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
const triggers = () => db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
const columns = (table: string) => db.prepare<[], string>(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();

function seedV10(): void {
  db.prepare("INSERT INTO accounts (id, connector, name, created_at) VALUES ('a', 'imap', 'A', 1)").run();
  db.prepare(
    `INSERT INTO items (account_id, external_id, stream, kind, source, conversation_id, sent_at, sender_address, sender_name,
      participants, subject, body_text, updated_at)
     VALUES ('a', 'x1', 'INBOX', 'email', 'imap', 'c1', 1, 'ana@example.com', 'Ana', 'bob@example.com', 'Quarterly report', 'numbers attached', 1)`,
  ).run();
}

describe('migrations', () => {
  it('are strictly ordered, and an out-of-order list is rejected', () => {
    expect(() => assertOrdered(migrations)).not.toThrow();
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
    const [first, second] = migrations as [Migration, Migration];
    expect(() => assertOrdered([second, first])).toThrow(/is not after/);
    expect(() => runMigrations(db, [second, first])).toThrow(/is not after/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });

  it('0010 creates the core tables and sets user_version', () => {
    expect(runMigrations(db, upTo(10))).toBe(10);
    expect(tables()).toEqual(expect.arrayContaining(['accounts', 'sync_state', 'account_health', 'conversations', 'items', 'item_html']));
    expect(columns('items')).toEqual(expect.arrayContaining(['account_id', 'external_id', 'sent_at', 'is_unread', 'folders', 'reconcile_key', 'generation']));
    seedV10();
    // (account_id, external_id) is the item key.
    expect(() => db.prepare(
      `INSERT INTO items (account_id, external_id, stream, kind, source, conversation_id, sent_at, sender_address, updated_at)
       VALUES ('a', 'x1', 'INBOX', 'email', 'imap', 'c', 1, 's', 1)`).run()).toThrow(/UNIQUE/);
  });

  it('0020 adds the FTS index and indexes the items already there', () => {
    runMigrations(db, upTo(10));
    seedV10();
    expect(runMigrations(db, upTo(20))).toBe(20);
    expect(tables()).toContain('items_fts');
    const id = db.prepare<[], number>('SELECT id FROM items').pluck().get()!;
    const match = (q: string) => db.prepare<[string], number>('SELECT rowid FROM items_fts WHERE items_fts MATCH ?').pluck().all(q);
    expect(match('quarterly')).toEqual([id]);
    expect(match('sender : ana')).toEqual([id]);
    expect(match('participants : bob')).toEqual([id]);
    expect(match('subject : numbers')).toEqual([]);
  });

  it('0030 adds the outbox and action state, keeping the items', () => {
    runMigrations(db, upTo(20));
    seedV10();
    expect(runMigrations(db, upTo(30))).toBe(30);
    expect(tables()).toEqual(expect.arrayContaining(['outbox', 'action_state']));
    expect(columns('outbox')).toEqual(expect.arrayContaining(['id', 'account_id', 'draft', 'state', 'send_after', 'attempts']));
    expect(() => db.prepare(
      "INSERT INTO outbox (id, account_id, draft, state, send_after, created_at, updated_at) VALUES ('o', 'a', '{}', 'bogus', 0, 0, 0)",
    ).run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(1);
  });

  it('0050 drops the FTS insert trigger (upsertItems indexes new rows) and keeps delete/update triggers', () => {
    runMigrations(db, upTo(45));
    expect(triggers()).toContain('items_fts_insert');
    seedV10();
    expect(runMigrations(db, upTo(50))).toBe(50);
    expect(triggers()).toEqual(['items_fts_delete', 'items_fts_update']);
    // Rows indexed before the migration stay searchable; new ones are indexed by upsertItems.
    const old = db.prepare<[], number>('SELECT id FROM items').pluck().get()!;
    const [fresh] = upsertItems(db as never, 'a', [email('x2', { text: 'quarterly plans' })], { stream: 'INBOX', generation: 0 });
    expect(ftsIds(db as never, 'quarterly')).toEqual([old, fresh]);
  });

  it('the full list reaches LATEST_VERSION and a second run is a no-op', () => {
    expect(runMigrations(db)).toBe(LATEST_VERSION);
    expect(runMigrations(db)).toBe(LATEST_VERSION);
  });
});

describe('openDatabase refuses files it must not touch', () => {
  it('a database from a newer Switchboard: DatabaseTooNew, file bytes unchanged', () => {
    const file = path.join(tmp.dir, 'newer.db');
    const newer = new Database(file);
    newer.exec('CREATE TABLE future (x)');
    newer.pragma(`user_version = ${LATEST_VERSION + 10}`);
    newer.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseTooNew);
    expect(() => openDatabase(file)).toThrow(/newer Switchboard .*Nothing was changed/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a corrupt file: DatabaseCorrupt with a clear message, file not wiped', () => {
    const file = path.join(tmp.dir, 'corrupt.db');
    const garbage = Buffer.alloc(16_384, 0x5a);
    writeFileSync(file, garbage);
    expect(() => openDatabase(file)).toThrow(DatabaseCorrupt);
    expect(() => openDatabase(file)).toThrow(/damaged or is not a Switchboard database .*left untouched/);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });
});
