// Accounts and their health. Settings here never hold secrets (those go to the SecretStore).
import type { Account, Identity } from '../../../connectors/contract/models.ts';
import type { ReadDb, WriteDb } from './db.ts';

interface AccountRow {
  id: string;
  connector: string;
  name: string;
  settings: string;
  me: string;
  createdAt: number;
}

export interface AccountHealth {
  accountId: string;
  state: 'idle' | 'syncing' | 'error' | 'auth' | 'backoff';
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  nextRetryAt: number | null;
  skipped: number;
}

const COLUMNS = 'id, connector, name, settings, me, created_at AS createdAt';

function toAccount(row: AccountRow): Account & { me: Identity[] } {
  return {
    id: row.id,
    connector: row.connector,
    name: row.name,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    me: JSON.parse(row.me) as Identity[],
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export function insertAccount(db: WriteDb, account: { id: string; connector: string; name: string; settings: Record<string, unknown> }): void {
  db.prepare('INSERT INTO accounts (id, connector, name, settings, created_at) VALUES (?, ?, ?, ?, ?)').run(
    account.id,
    account.connector,
    account.name,
    JSON.stringify(account.settings),
    Date.now(),
  );
  db.prepare('INSERT INTO account_health (account_id) VALUES (?)').run(account.id);
}

export function setAccountMe(db: WriteDb, accountId: string, me: readonly Identity[]): void {
  db.prepare('UPDATE accounts SET me = ? WHERE id = ?').run(JSON.stringify(me), accountId);
}

export function listAccounts(db: ReadDb): (Account & { me: Identity[] })[] {
  return db.prepare<[], AccountRow>(`SELECT ${COLUMNS} FROM accounts ORDER BY created_at`).all().map(toAccount);
}

export function getAccount(db: ReadDb, id: string): (Account & { me: Identity[] }) | undefined {
  const row = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`).get(id);
  return row && toAccount(row);
}

/** Removes the account and, by cascade, its items, cursors, health and outbox. */
export function deleteAccount(db: WriteDb, id: string): boolean {
  return db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
}

export function getHealth(db: ReadDb, accountId: string): AccountHealth | undefined {
  return db
    .prepare<[string], AccountHealth>(
      `SELECT account_id AS accountId, state, last_success_at AS lastSuccessAt, last_error AS lastError,
        last_error_at AS lastErrorAt, next_retry_at AS nextRetryAt, skipped FROM account_health WHERE account_id = ?`,
    )
    .get(accountId);
}

export function updateHealth(db: WriteDb, accountId: string, patch: Partial<Omit<AccountHealth, 'accountId'>>): void {
  const current = getHealth(db, accountId);
  if (!current) return;
  const next = { ...current, ...patch };
  db.prepare(
    `UPDATE account_health SET state = ?, last_success_at = ?, last_error = ?, last_error_at = ?, next_retry_at = ?, skipped = ?
     WHERE account_id = ?`,
  ).run(next.state, next.lastSuccessAt, next.lastError, next.lastErrorAt, next.nextRetryAt, next.skipped, accountId);
}
