// New items are indexed by upsertItems itself instead of by the AFTER INSERT trigger.
// Why: a write that fires a trigger runs under a statement savepoint, and FTS5 flushes its pending
// index to disk at every savepoint, so the trigger wrote one tiny FTS segment per item and ingest ran
// ~2.2x slower than the same inserts issued as plain statements (test/bench/ingest.ts). The delete
// and update triggers stay: they are rare, and keeping them means no delete or edit can leave stale text.
import type { Migration } from './index.ts';

export const migration0050: Migration = {
  version: 50,
  name: '0050-fts-explicit-insert',
  up(db) {
    db.exec('DROP TRIGGER items_fts_insert;');
  },
};
