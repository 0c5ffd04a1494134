// Whether a stream's full resync is still unfinished: rows older than the stream's generation are
// the ones the resync has not seen again yet (deleteStaleItems removes them once it completes).
import type { ReadDb } from './db.ts';

export function hasStaleItems(db: ReadDb, accountId: string, stream: string, generation: number): boolean {
  return (
    db
      .prepare<[string, string, number], { one: number }>(
        'SELECT 1 AS one FROM items WHERE account_id = ? AND stream = ? AND generation < ? LIMIT 1',
      )
      .get(accountId, stream, generation) !== undefined
  );
}
