// The outbox table: replies waiting for their undo window, in flight, sent or stuck.
// Every state change is a guarded UPDATE (`WHERE state = ...`) so two callers can never both win.
import type { Draft, SendResult } from '../../../connectors/contract/connector.ts';
import type { ReadDb, WriteDb } from './db.ts';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled';

export interface OutboxEntry {
  /** Also the idempotency key handed to the connector. */
  id: string;
  accountId: string;
  replyToItemId: number | null;
  draft: Draft;
  state: OutboxState;
  /** Epoch ms; the end of the undo window, or the next retry after a backoff. */
  sendAfter: number;
  attempts: number;
  /** Why it failed or is unknown, in words a person understands; a note on some `sent` entries. */
  lastError: string | null;
  result: SendResult | null;
  /** When the provider accepted it (epoch ms); set means "never send this again". */
  submittedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  accountId: string;
  replyToItemId: number | null;
  draft: string;
  state: OutboxState;
  sendAfter: number;
  attempts: number;
  lastError: string | null;
  result: string | null;
  submittedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, account_id AS accountId, reply_to_item_id AS replyToItemId, draft, state, send_after AS sendAfter,
  attempts, last_error AS lastError, result, submitted_at AS submittedAt, created_at AS createdAt, updated_at AS updatedAt`;

function toEntry(row: Row): OutboxEntry {
  return {
    ...row,
    draft: JSON.parse(row.draft) as Draft,
    result: row.result == null ? null : (JSON.parse(row.result) as SendResult),
  };
}

/**
 * Runs a write with synchronous=FULL, so the commit is fsynced before we talk to the provider.
 * With the default NORMAL a power cut could forget "sending" or "submitted" and cause a second send.
 */
export function durably<T>(db: WriteDb, fn: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}

export function insertOutbox(
  db: WriteDb,
  entry: { id: string; accountId: string; replyToItemId: number | null; draft: Draft; sendAfter: number; now: number },
): OutboxEntry {
  const row = db
    .prepare<unknown[], Row>(
      `INSERT INTO outbox (id, account_id, reply_to_item_id, draft, state, send_after, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING ${COLUMNS}`,
    )
    .get(entry.id, entry.accountId, entry.replyToItemId, JSON.stringify(entry.draft), entry.sendAfter, entry.now, entry.now);
  if (!row) throw new Error('outbox insert returned no row');
  return toEntry(row);
}

export function getOutbox(db: ReadDb, id: string): OutboxEntry | undefined {
  const row = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id);
  return row && toEntry(row);
}

export function listOutbox(db: ReadDb, opts: { states?: readonly OutboxState[]; accountId?: string } = {}): OutboxEntry[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.states?.length) {
    where.push(`state IN (${opts.states.map(() => '?').join(', ')})`);
    params.push(...opts.states);
  }
  if (opts.accountId) {
    where.push('account_id = ?');
    params.push(opts.accountId);
  }
  const sql = `SELECT ${COLUMNS} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
  return db.prepare<unknown[], Row>(sql).all(...params).map(toEntry);
}

/** Pending entries whose undo window (or backoff) is over, oldest first. */
export function listDue(db: ReadDb, now: number, limit = 50): OutboxEntry[] {
  return db
    .prepare<[number, number], Row>(
      `SELECT ${COLUMNS} FROM outbox WHERE state = 'pending' AND send_after <= ? ORDER BY send_after, created_at LIMIT ?`,
    )
    .all(now, limit)
    .map(toEntry);
}

/** Moves an entry from one of `from` to `to`; returns the updated entry, or undefined if it was not in `from`. */
export function transition(
  db: WriteDb,
  id: string,
  from: readonly OutboxState[],
  to: OutboxState,
  now: number,
  set: { sendAfter?: number; lastError?: string | null; result?: SendResult | null; attempts?: 'increment' | 'reset'; draft?: Draft } = {},
): OutboxEntry | undefined {
  const assignments = ['state = ?', 'updated_at = ?'];
  const params: unknown[] = [to, now];
  if (set.sendAfter !== undefined) {
    assignments.push('send_after = ?');
    params.push(set.sendAfter);
  }
  if (set.lastError !== undefined) {
    assignments.push('last_error = ?');
    params.push(set.lastError);
  }
  if (set.result !== undefined) {
    assignments.push('result = ?');
    params.push(set.result === null ? null : JSON.stringify(set.result));
  }
  if (set.draft !== undefined) {
    assignments.push('draft = ?');
    params.push(JSON.stringify(set.draft));
  }
  if (set.attempts === 'increment') assignments.push('attempts = attempts + 1');
  if (set.attempts === 'reset') assignments.push('attempts = 0');
  const row = db
    .prepare<unknown[], Row>(
      `UPDATE outbox SET ${assignments.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})
       RETURNING ${COLUMNS}`,
    )
    .get(...params, id, ...from);
  return row && toEntry(row);
}

/** Records that the provider accepted the entry. Only meaningful while it is `sending`. */
export function markSubmitted(db: WriteDb, id: string, now: number): boolean {
  const info = db
    .prepare(`UPDATE outbox SET submitted_at = ?, updated_at = ? WHERE id = ? AND state = 'sending' AND submitted_at IS NULL`)
    .run(now, now, id);
  return info.changes > 0;
}
