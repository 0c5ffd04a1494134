// Numbered migrations tracked by PRAGMA user_version. All pending ones run in one transaction.
import type Database from 'better-sqlite3';
import { migration0010 } from './0010-initial.ts';
import { migration0020 } from './0020-fts.ts';
import { migration0030 } from './0030-outbox-actions.ts';
import { migration0040 } from './0040-next-actions.ts';
import { migration0045 } from './0045-outbox-submitted.ts';
import { migration0050 } from './0050-fts-explicit-insert.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0045, migration0050];

export const LATEST_VERSION = migrations[migrations.length - 1]?.version ?? 0;

/** A database written by a newer Switchboard: refused, never wiped or downgraded. */
export class DatabaseTooNew extends Error {
  constructor(found: number) {
    super(
      `This cache was written by a newer Switchboard (schema ${found}, this version knows up to ${LATEST_VERSION}). ` +
        'Update Switchboard, or point SWITCHBOARD_DATA_DIR elsewhere. Nothing was changed.',
    );
    this.name = 'DatabaseTooNew';
  }
}

export function assertOrdered(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    const previous = list[i - 1];
    if (previous && m.version <= previous.version) {
      throw new Error(`Migration ${m.name} (${m.version}) is not after ${previous.name} (${previous.version})`);
    }
  });
}

export function runMigrations(db: Database.Database, list: readonly Migration[] = migrations): number {
  assertOrdered(list);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list[list.length - 1]?.version ?? 0;
  if (current > latest) throw new DatabaseTooNew(current);
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return latest;
}
