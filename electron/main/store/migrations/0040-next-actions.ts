// The "asks" flag and indexes for the next-actions engine, so its candidate queries stay well under 100 ms at 100,000
// items, and the conversation high-water mark a dismissal remembers.
import { textAsks } from '../../../shared/asks.ts';
import type { Migration } from './index.ts';

export const migration0040: Migration = {
  version: 40,
  name: '0040-next-actions',
  up(db) {
    db.function('text_asks', { deterministic: true }, (body: unknown) => (textAsks(String(body ?? '')) ? 1 : 0));
    db.exec(`
      -- Whether the new part of the text asks something (electron/shared/asks.ts), set by upsertItems
      -- when the row is written: computed once in JS, where a partial index over LIKE scans of every
      -- body made ingest about 10% slower.
      ALTER TABLE items ADD COLUMN asks INTEGER NOT NULL DEFAULT 0;
      UPDATE items SET asks = text_asks(body_text) WHERE kind <> 'note';
      -- Messages that ask something, inbound (reply) and outbound (follow up), per conversation, by time.
      CREATE INDEX items_asks ON items (from_me, account_id, conversation_id, sent_at) WHERE asks = 1 AND kind <> 'note';
      -- "Did I write later in this conversation?" in one seek.
      CREATE INDEX items_mine ON items (account_id, conversation_id, sent_at) WHERE from_me = 1;
      -- Unread counts per conversation (catch up) without touching read items.
      CREATE INDEX items_unread ON items (account_id, conversation_id, sent_at) WHERE is_unread = 1;
      -- A dismissal holds until something newer than this item arrives in the conversation.
      ALTER TABLE action_state ADD COLUMN seen_item_id INTEGER;
    `);
  },
};
