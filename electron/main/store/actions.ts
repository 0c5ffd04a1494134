// SQL of the next-actions engine: candidate queries over items (the heavy filtering happens here, on
// the partial indexes of migration 0040) and the remembered dismissals and snoozes.
import type Database from 'better-sqlite3';
import type { ReadDb, WriteDb } from './db.ts';

// The engine runs these per candidate conversation; compiling the long ASKS expression each time
// would cost more than running it, so statements are prepared once per connection.
const statements = new WeakMap<ReadDb, Map<string, Database.Statement>>();
function prepared<P extends unknown[] | Record<string, unknown>, R>(db: ReadDb, sql: string): Database.Statement<P, R> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt as unknown as Database.Statement<P, R>;
}

export interface ConversationFacts {
  /** Messages the user wrote in this conversation (counted up to 8): how familiar it is. */
  mine: number;
  /** The user's latest message in the conversation, if any. */
  lastMine: number | null;
  conversationTitle: string | null;
}

export function conversationFacts(db: ReadDb, accountId: string, conversationIds: readonly string[]): Map<string, ConversationFacts> {
  const rows = prepared<Record<string, unknown>, ConversationFacts & { conversationId: string }>(db, CONVERSATION_FACTS)
    .all({ accountId, conversations: JSON.stringify(conversationIds) });
  return new Map(rows.map(({ conversationId, ...facts }) => [conversationId, facts]));
}

export interface AskRow {
  id: number;
  accountId: string;
  conversationId: string;
  sentAt: number;
  kind: string;
  source: string;
  senderName: string;
  senderAddress: string;
  recipients: string;
  subject: string;
  bodyText: string;
  /** JSON [[sentAt, id], …] of the candidate asks in the conversation (this row is the newest). */
  waiting: string;
}

// Facts about candidate conversations, fetched in one statement for all of them (a statement per
// conversation costs more in call overhead than the lookups themselves). `mine` stops counting at 8:
// familiarity saturates there, and long chats would otherwise cost a scan each.
const CONVERSATION_FACTS = `SELECT l.value AS conversationId,
  (SELECT count(*) FROM (SELECT 1 FROM items m WHERE m.account_id = @accountId AND m.conversation_id = l.value
    AND m.from_me = 1 LIMIT 8)) AS mine,
  (SELECT max(m.sent_at) FROM items m WHERE m.account_id = @accountId AND m.conversation_id = l.value AND m.from_me = 1) AS lastMine,
  (SELECT c.title FROM conversations c WHERE c.account_id = @accountId AND c.external_id = l.value) AS conversationTitle
  FROM json_each(@conversations) l`;

const ASK_COLUMNS = `i.id, i.account_id AS accountId, i.conversation_id AS conversationId, max(i.sent_at) AS sentAt, i.kind, i.source,
  i.sender_name AS senderName, i.sender_address AS senderAddress, i.recipients, i.subject, i.body_text AS bodyText, json_group_array(json_array(i.sent_at, i.id)) AS waiting`;
// Obvious bulk senders are dropped here already (the engine's text rules repeat the check).
const NOT_BULK_SENDER = `NOT (i.sender_address LIKE 'noreply%' OR i.sender_address LIKE 'no-reply%' OR i.sender_address LIKE 'donotreply%'
  OR i.sender_address LIKE 'do-not-reply%' OR i.sender_address LIKE 'mailer-daemon%' OR i.sender_address LIKE 'notification%'
  OR i.sender_address LIKE 'newsletter%')`;

// Inbound asks addressed to one of the user's identities with no later message from the user: the
// newest per conversation (SQLite's bare-column max() picks that row), and how many are waiting.
const INBOUND_ASKS = `SELECT ${ASK_COLUMNS} FROM items i
  WHERE i.from_me = 0 AND i.kind <> 'note' AND i.asks = 1 AND i.sent_at >= @since AND i.sent_at <= @now AND i.account_id = @accountId
    AND NOT EXISTS (SELECT 1 FROM items m WHERE m.account_id = i.account_id AND m.conversation_id = i.conversation_id
      AND m.from_me = 1 AND m.sent_at > i.sent_at)
    AND ${NOT_BULK_SENDER}
    AND EXISTS (SELECT 1 FROM json_each(i.recipients) r WHERE lower(r.value ->> '$.address') IN (SELECT value FROM json_each(@me)))
  GROUP BY i.account_id, i.conversation_id ORDER BY sentAt DESC`;

// The user's own asks with nothing from anyone else after them: the newest per conversation.
const OUTBOUND_ASKS = `SELECT ${ASK_COLUMNS} FROM items i
  WHERE i.from_me = 1 AND i.kind <> 'note' AND i.asks = 1 AND i.sent_at >= @since AND i.sent_at <= @now
    AND NOT EXISTS (SELECT 1 FROM items o WHERE o.account_id = i.account_id AND o.conversation_id = i.conversation_id
      AND o.sent_at > i.sent_at AND o.from_me = 0)
  GROUP BY i.account_id, i.conversation_id ORDER BY sentAt DESC`;

export interface UnreadRow {
  accountId: string;
  conversationId: string;
  unread: number;
  lastAt: number;
  conversationTitle: string | null;
  kind: string;
  source: string;
}

const UNREAD_CONVERSATIONS = `SELECT u.accountId, u.conversationId, u.unread, u.lastAt,
    (SELECT c.title FROM conversations c WHERE c.account_id = u.accountId AND c.external_id = u.conversationId) AS conversationTitle,
    (SELECT kind FROM items WHERE id = u.lastId) AS kind, (SELECT source FROM items WHERE id = u.lastId) AS source
  FROM (SELECT account_id AS accountId, conversation_id AS conversationId, count(*) AS unread, max(sent_at) AS lastAt, max(id) AS lastId
        FROM items WHERE is_unread = 1 GROUP BY account_id, conversation_id HAVING count(*) >= @min) u
  WHERE u.lastAt >= @since ORDER BY u.lastAt DESC LIMIT 500`;

export interface UnreadItem {
  id: number;
  senderName: string;
  senderAddress: string;
  snippet: string;
  sentAt: number;
}

const UNREAD_ITEMS = `SELECT id, sender_name AS senderName, sender_address AS senderAddress, snippet, sent_at AS sentAt
  FROM items WHERE account_id = ? AND conversation_id = ? AND is_unread = 1 ORDER BY sent_at DESC LIMIT ?`;

export function inboundAsks(db: ReadDb, accountId: string, me: readonly string[], since: number, now: number): AskRow[] {
  return prepared<Record<string, unknown>, AskRow>(db, INBOUND_ASKS).all({ accountId, me: JSON.stringify(me.map((a) => a.toLowerCase())), since, now });
}

/** Asks the user sent between `since` and `now`; the caller decides which are old enough. */
export function outboundAsks(db: ReadDb, since: number, now: number): AskRow[] {
  return prepared<Record<string, unknown>, AskRow>(db, OUTBOUND_ASKS).all({ since, now });
}

export function unreadConversations(db: ReadDb, min: number, since: number): UnreadRow[] {
  return prepared<Record<string, unknown>, UnreadRow>(db, UNREAD_CONVERSATIONS).all({ min, since });
}

export function unreadItems(db: ReadDb, accountId: string, conversationId: string, limit: number): UnreadItem[] {
  return prepared<[string, string, number], UnreadItem>(db, UNREAD_ITEMS).all(accountId, conversationId, limit);
}

/** The newest row id in a conversation: "has anything arrived since?" */
export function conversationHighWater(db: ReadDb, accountId: string, conversationId: string): number {
  const row = prepared<[string, string], { id: number | null }>(db, 'SELECT max(id) AS id FROM items WHERE account_id = ? AND conversation_id = ?')
    .get(accountId, conversationId);
  return row?.id ?? 0;
}

export interface ActionStateRow {
  key: string;
  state: 'dismissed' | 'snoozed';
  until: number | null;
  seenItemId: number | null;
  updatedAt: number;
}

export function listActionStates(db: ReadDb): ActionStateRow[] {
  return prepared<[], ActionStateRow>(db, 
      'SELECT action_key AS key, state, until, seen_item_id AS seenItemId, updated_at AS updatedAt FROM action_state',
    )
    .all();
}

export function saveActionState(db: WriteDb, row: Omit<ActionStateRow, 'updatedAt'>, now: number): void {
  db.prepare(
    `INSERT INTO action_state (action_key, state, until, seen_item_id, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (action_key) DO UPDATE SET state = excluded.state, until = excluded.until,
       seen_item_id = excluded.seen_item_id, updated_at = excluded.updated_at`,
  ).run(row.key, row.state, row.until, row.seenItemId, now);
}

export function clearActionState(db: WriteDb, key: string): boolean {
  return db.prepare('DELETE FROM action_state WHERE action_key = ?').run(key).changes > 0;
}

/** The user's identities per account (accounts.me), lower-cased addresses. */
export function accountIdentities(db: ReadDb): { accountId: string; addresses: string[]; names: string[] }[] {
  return prepared<[], { id: string; me: string }>(db, 'SELECT id, me FROM accounts')
    .all()
    .map((row) => {
      const me = JSON.parse(row.me) as { address: string; name?: string }[];
      return {
        accountId: row.id,
        addresses: me.map((i) => i.address.toLowerCase()),
        names: [...new Set(me.map((i) => i.name).filter((n): n is string => !!n))],
      };
    });
}
