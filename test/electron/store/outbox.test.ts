import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../connectors/contract/connector.ts';
import { openDatabase, type WriteDb } from '../../../electron/main/store/db.ts';
import { LATEST_VERSION, migrations, runMigrations } from '../../../electron/main/store/migrations/index.ts';
import {
  durably, getOutbox, insertOutbox, listDue, listOutbox, markSubmitted, transition,
} from '../../../electron/main/store/outbox.ts';
import { ACCOUNT, ALICE, openSeeded } from '../../fixtures/outbox-setup.ts';

let dir: string;
let db: WriteDb;

const draft = (key: string): Draft => ({ idempotencyKey: key, to: [ALICE], subject: 'Re: x', text: 'body' });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-store-'));
  db = openSeeded(path.join(dir, 'cache.db'), []).db;
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function insert(id: string, sendAfter: number, now = 1000) {
  return insertOutbox(db, { id, accountId: ACCOUNT, replyToItemId: null, draft: draft(id), sendAfter, now });
}

describe('migration 0045-outbox-submitted', () => {
  it('adds submitted_at and keeps the rows of a version-30 outbox', () => {
    const old = new Database(path.join(dir, 'old.db'));
    runMigrations(old, migrations.filter((m) => m.version <= 30));
    old.prepare("INSERT INTO accounts (id, connector, name, created_at) VALUES ('a', 'imap', 'A', 0)").run();
    old.prepare(
      "INSERT INTO outbox (id, account_id, draft, state, send_after, created_at, updated_at) VALUES ('o1', 'a', '{}', 'sending', 5, 1, 1)",
    ).run();
    expect(runMigrations(old)).toBe(LATEST_VERSION);
    const columns = old.prepare('PRAGMA table_info(outbox)').all() as { name: string }[];
    expect(columns.map((c) => c.name)).toContain('submitted_at');
    expect(old.prepare("SELECT state, submitted_at AS s FROM outbox WHERE id = 'o1'").get()).toEqual({ state: 'sending', s: null });
    old.close();
  });
});

describe('outbox store', () => {
  it('round-trips an entry and lists due ones oldest first', () => {
    const a = insert('a', 3000);
    insert('b', 2000);
    insert('c', 9000);
    expect(a).toMatchObject({ id: 'a', state: 'pending', attempts: 0, draft: draft('a'), result: null, submittedAt: null });
    expect(getOutbox(db, 'a')).toEqual(a);
    expect(listDue(db, 3000).map((e) => e.id)).toEqual(['b', 'a']);
    expect(listOutbox(db, { states: ['pending'], accountId: ACCOUNT })).toHaveLength(3);
    expect(listOutbox(db, { accountId: 'other' })).toEqual([]);
  });

  it('transitions only from the expected state, so two callers cannot both claim', () => {
    insert('a', 0);
    const claimed = transition(db, 'a', ['pending'], 'sending', 2000, { attempts: 'increment' });
    expect(claimed).toMatchObject({ state: 'sending', attempts: 1, updatedAt: 2000 });
    expect(transition(db, 'a', ['pending'], 'sending', 2001, { attempts: 'increment' })).toBeUndefined();
    expect(transition(db, 'a', ['pending'], 'cancelled', 2002)).toBeUndefined();
    const result = { externalId: '<x@y>', sentAt: '2024-01-01T00:00:00Z' };
    expect(transition(db, 'a', ['sending'], 'sent', 2003, { result })).toMatchObject({ state: 'sent', result });
    expect(transition(db, 'missing', ['pending'], 'sent', 1)).toBeUndefined();
  });

  it('records submission only while sending, once', () => {
    insert('a', 0);
    expect(markSubmitted(db, 'a', 5)).toBe(false);
    transition(db, 'a', ['pending'], 'sending', 6);
    expect(markSubmitted(db, 'a', 7)).toBe(true);
    expect(markSubmitted(db, 'a', 8)).toBe(false);
    expect(getOutbox(db, 'a')?.submittedAt).toBe(7);
  });

  it('the CHECK constraint refuses unknown states', () => {
    insert('a', 0);
    expect(() => transition(db, 'a', ['pending'], 'bogus' as never, 1)).toThrow(/CHECK constraint/);
  });

  it('durably() commits with synchronous=FULL and restores the previous level, also on error', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    let inside: unknown;
    durably(db, () => {
      inside = db.pragma('synchronous', { simple: true });
      insert('a', 0);
    });
    expect(inside).toBe(2);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(() => durably(db, () => { insert('b', 0); throw new Error('boom'); })).toThrow('boom');
    expect(getOutbox(db, 'b')).toBeUndefined();
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    const reopened = openDatabase(path.join(dir, 'cache.db'));
    expect(getOutbox(reopened, 'a')).toBeDefined();
    reopened.close();
  });
});
