// Builds a cache database of n realistic items (the corpus, cycled) through the store's own write path.
import type { UnifiedEmail } from '../../connectors/contract/models.ts';
import { insertAccount } from '../../electron/main/store/accounts.ts';
import { openDatabase, type WriteDb, writeTransaction } from '../../electron/main/store/db.ts';
import { upsertItems } from '../../electron/main/store/items.ts';
import { type CorpusRow, itemFromCorpus } from './corpus.ts';

export const BENCH_ACCOUNTS = ['work', 'home', 'lists'];
export const BATCH = 500;

export function addAccounts(db: WriteDb): void {
  for (const id of BENCH_ACCOUNTS) insertAccount(db, { id, connector: 'imap', name: `${id} mail`, settings: {} });
}

/** Item i goes to account i mod 3, like three mailboxes synced side by side. */
export function accountOf(i: number): string {
  return BENCH_ACCOUNTS[i % BENCH_ACCOUNTS.length]!;
}

/** Batches of items for one account, in the order a sync would deliver them. */
export function* batches(rows: readonly CorpusRow[], n: number, size = BATCH): Generator<{ accountId: string; items: UnifiedEmail[] }> {
  for (const accountId of BENCH_ACCOUNTS) {
    let items: UnifiedEmail[] = [];
    for (let i = BENCH_ACCOUNTS.indexOf(accountId); i < n; i += BENCH_ACCOUNTS.length) {
      items.push(itemFromCorpus(rows, i));
      if (items.length === size) {
        yield { accountId, items };
        items = [];
      }
    }
    if (items.length > 0) yield { accountId, items };
  }
}

export function buildDatabase(file: string, rows: readonly CorpusRow[], n: number): WriteDb {
  const db = openDatabase(file);
  addAccounts(db);
  for (const { accountId, items } of batches(rows, n)) {
    writeTransaction(db, () => upsertItems(db, accountId, items, { stream: 'INBOX', generation: 0 }));
  }
  return db;
}
