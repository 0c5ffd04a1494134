// Opens the cache database: WAL, foreign keys, migrations. The only module that creates connections.
import Database from 'better-sqlite3';
import { DatabaseTooNew, LATEST_VERSION, runMigrations } from './migrations/index.ts';

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

/** The file is not a readable SQLite database. It is left exactly as it was, for the user to move or restore. */
export class DatabaseCorrupt extends Error {
  constructor(file: string, cause: Error) {
    super(
      `The cache at ${file} is damaged or is not a Switchboard database (${cause.message}). ` +
        'It was left untouched: move it aside and Switchboard will build a new cache by syncing again.',
      { cause },
    );
    this.name = 'DatabaseCorrupt';
  }
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

export function openDatabase(file: string, options: OpenOptions = {}): WriteDb {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      // Check the schema before anything writes: switching to WAL rewrites the file header.
      const found = db.pragma('user_version', { simple: true }) as number;
      if (found > LATEST_VERSION) throw new DatabaseTooNew(found);
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode loses at most the last transactions on power loss, never consistency.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -8000');
      runMigrations(db);
    }
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && CORRUPT_CODES.has(code)) throw new DatabaseCorrupt(file, error as Error);
    throw error;
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
