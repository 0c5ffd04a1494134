// Shared setup for store tests: a fresh database in a temp dir, accounts, and items built through the zod models.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UnifiedItem, type UnifiedItemInput } from '../../../connectors/contract/models.ts';
import { insertAccount } from '../../../electron/main/store/accounts.ts';
import { openDatabase, type WriteDb } from '../../../electron/main/store/db.ts';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-store-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freshDb(dir: string, accounts: readonly string[] = ['acc1']): WriteDb {
  const db = openDatabase(path.join(dir, 'cache.db'));
  for (const id of accounts) insertAccount(db, { id, connector: 'imap', name: `${id} name`, settings: {} });
  return db;
}

type EmailInput = Partial<Extract<UnifiedItemInput, { kind: 'email' }>>;

export function email(externalId: string, fields: EmailInput = {}): UnifiedItem {
  return UnifiedItem.parse({
    kind: 'email',
    externalId,
    source: 'imap',
    conversationId: `conv-${externalId}`,
    sentAt: '2024-03-01T10:00:00.000Z',
    sender: { kind: 'email', address: 'someone@example.com', name: 'Some One' },
    subject: `Subject ${externalId}`,
    text: `Body of ${externalId}`,
    ...fields,
  });
}

/** Row ids the FTS index holds for a MATCH expression. */
export function ftsIds(db: WriteDb, match: string): number[] {
  return db.prepare<[string], number>('SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid').pluck().all(match);
}

/** Every rowid in the FTS index (contentless tables still list their rowids). */
export function allFtsIds(db: WriteDb): number[] {
  return db.prepare<[], number>('SELECT rowid FROM items_fts ORDER BY rowid').pluck().all();
}
