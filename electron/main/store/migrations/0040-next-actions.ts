// Indexes for the next-actions engine, so its candidate queries stay well under 100 ms at 100,000
// items, and the conversation high-water mark a dismissal remembers.
import type { Migration } from './index.ts';

/**
 * "Looks like it asks something": a cheap, language-light prefilter over the new part of the text
 * (before the first quoted `>` line, so a reply that quotes a question does not count). The engine
 * checks candidates again in code; this keeps the index small. It is evaluated when a row is written,
 * not when the index is read. store/actions.ts repeats it verbatim, because SQLite only uses a
 * partial index when the query carries the same expression.
 */
const HEAD = `substr(body_text, 1, instr(body_text || char(10) || '>', char(10) || '>'))`;
export const ASKS_SQL = `(instr(${HEAD}, '?') > 0 OR ${HEAD} LIKE '%can you%' OR ${HEAD} LIKE '%could you%'
  OR ${HEAD} LIKE '%would you%' OR ${HEAD} LIKE '%let me know%' OR ${HEAD} LIKE '%please%'
  OR ${HEAD} LIKE '%any update%' OR ${HEAD} LIKE '%can we%')`;

export const migration0040: Migration = {
  version: 40,
  name: '0040-next-actions',
  up(db) {
    db.exec(`
      -- Messages that ask something, inbound (reply) and outbound (follow up), per conversation, by time.
      CREATE INDEX items_asks ON items (from_me, account_id, conversation_id, sent_at)
        WHERE kind <> 'note' AND ${ASKS_SQL};
      -- "Did I write later in this conversation?" in one seek.
      CREATE INDEX items_mine ON items (account_id, conversation_id, sent_at) WHERE from_me = 1;
      -- Unread counts per conversation (catch up) without touching read items.
      CREATE INDEX items_unread ON items (account_id, conversation_id, sent_at) WHERE is_unread = 1;
      -- A dismissal holds until something newer than this item arrives in the conversation.
      ALTER TABLE action_state ADD COLUMN seen_item_id INTEGER;
    `);
  },
};
