// Opens the cache database: WAL, foreign keys, migrations. The only module that creates connections.
import Database from 'better-sqlite3';
import { runMigrations } from './migrations/index.ts';

declare const readBrand: unique symbol;
declare const writeBrand: unique symbol;
/** A connection that may only read. */
export type ReadDb = Database.Database & { readonly [readBrand]: true };
/** The one connection that writes (it can read too). */
export type WriteDb = ReadDb & { readonly [writeBrand]: true };

export interface OpenOptions {
  /** Open an existing database read-only (a second process, a bench reader). */
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): WriteDb {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode loses at most the last transactions on power loss, never consistency.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32000');
    runMigrations(db);
  }
  return db as WriteDb;
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction (the writer takes its lock up front). */
export function writeTransaction<T>(db: WriteDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}

export function integrityCheck(db: ReadDb): string {
  const row = db.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
  return row.integrity_check;
}
