// Accounts, per-stream sync cursors, account health, conversations and items.
import type { Migration } from './index.ts';

export const migration0010: Migration = {
  version: 10,
  name: '0010-initial',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        connector TEXT NOT NULL,
        name TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        me TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sync_state (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        cursor TEXT,
        updated_at INTEGER NOT NULL,
        -- Bumped on each full resync of the stream; items not seen in the current one are removed.
        generation INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, stream)
      ) STRICT;

      CREATE TABLE account_health (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        state TEXT NOT NULL DEFAULT 'idle',
        last_success_at INTEGER,
        last_error TEXT,
        last_error_at INTEGER,
        next_retry_at INTEGER,
        skipped INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE conversations (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        participants TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (account_id, external_id)
      ) STRICT;

      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        sender_address TEXT NOT NULL,
        sender_name TEXT NOT NULL DEFAULT '',
        recipients TEXT NOT NULL DEFAULT '[]',
        -- names and addresses of recipients, for to: in search
        participants TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        snippet TEXT NOT NULL DEFAULT '',
        body_text TEXT NOT NULL DEFAULT '',
        is_unread INTEGER NOT NULL DEFAULT 0,
        is_starred INTEGER NOT NULL DEFAULT 0,
        from_me INTEGER NOT NULL DEFAULT 0,
        has_attachments INTEGER NOT NULL DEFAULT 0,
        folders TEXT NOT NULL DEFAULT '[]',
        message_id TEXT,
        in_reply_to TEXT,
        refs TEXT NOT NULL DEFAULT '[]',
        reconcile_key TEXT,
        attachments TEXT NOT NULL DEFAULT '[]',
        extra TEXT NOT NULL DEFAULT '{}',
        generation INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        UNIQUE (account_id, external_id)
      ) STRICT;
      CREATE INDEX items_sent_at ON items (sent_at DESC);
      CREATE INDEX items_conversation ON items (account_id, conversation_id, sent_at);
      CREATE INDEX items_stream_reconcile ON items (account_id, stream, reconcile_key);

      -- Large HTML bodies live apart so list queries never page them in.
      CREATE TABLE item_html (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        html TEXT NOT NULL
      ) STRICT;
    `);
  },
};
