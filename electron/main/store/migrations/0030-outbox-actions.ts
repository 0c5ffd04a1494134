// The outbox (replies that survive restarts) and remembered dismissals/snoozes of next actions.
import type { Migration } from './index.ts';

export const migration0030: Migration = {
  version: 30,
  name: '0030-outbox-actions',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,               -- also the idempotency key handed to the connector
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        reply_to_item_id INTEGER,
        draft TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
        send_after INTEGER NOT NULL,       -- end of the undo window
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        result TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_state ON outbox (state, send_after);

      CREATE TABLE action_state (
        action_key TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('dismissed', 'snoozed')),
        until INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
