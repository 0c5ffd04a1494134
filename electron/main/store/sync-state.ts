// Per-(account, stream) sync cursors and resync generations.
import type { ReadDb, WriteDb } from './db.ts';

export interface StreamState {
  stream: string;
  cursor: unknown;
  updatedAt: number;
  generation: number;
}

interface Row {
  stream: string;
  cursor: string | null;
  updatedAt: number;
  generation: number;
}

function toState(row: Row): StreamState {
  return { ...row, cursor: row.cursor == null ? undefined : JSON.parse(row.cursor) };
}

export function getStreamState(db: ReadDb, accountId: string, stream: string): StreamState | undefined {
  const row = db
    .prepare<[string, string], Row>(
      'SELECT stream, cursor, updated_at AS updatedAt, generation FROM sync_state WHERE account_id = ? AND stream = ?',
    )
    .get(accountId, stream);
  return row && toState(row);
}

export function listStreamStates(db: ReadDb, accountId: string): StreamState[] {
  return db
    .prepare<[string], Row>('SELECT stream, cursor, updated_at AS updatedAt, generation FROM sync_state WHERE account_id = ?')
    .all(accountId)
    .map(toState);
}

/** Saves a stream's cursor; call in the same transaction as the batch it follows. */
export function saveCursor(db: WriteDb, accountId: string, stream: string, cursor: unknown): void {
  db.prepare(
    `INSERT INTO sync_state (account_id, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  ).run(accountId, stream, cursor === undefined ? null : JSON.stringify(cursor), Date.now());
}

/** Starts a full resync: drops the cursor and bumps the generation. Returns the new generation. */
export function beginResync(db: WriteDb, accountId: string, stream: string): number {
  const row = db
    .prepare<[string, string, number], { generation: number }>(
      `INSERT INTO sync_state (account_id, stream, cursor, updated_at, generation) VALUES (?, ?, NULL, ?, 1)
       ON CONFLICT (account_id, stream) DO UPDATE SET cursor = NULL, generation = generation + 1, updated_at = excluded.updated_at
       RETURNING generation`,
    )
    .get(accountId, stream, Date.now());
  return row?.generation ?? 1;
}
