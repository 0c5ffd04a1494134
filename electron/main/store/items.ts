// Reads and writes for items, their HTML and conversations. No other module writes SQL against them.
import type { Conversation, ItemPatch, UnifiedItem } from '../../../connectors/contract/models.ts';
import { textAsks } from '../../shared/asks.ts';
import type { WriteDb } from './db.ts';

const SNIPPET_LENGTH = 200;

const COLUMNS = `account_id, external_id, stream, kind, source, conversation_id, sent_at, sender_address,
    sender_name, recipients, participants, subject, snippet, body_text, is_unread, is_starred, from_me,
    has_attachments, folders, message_id, in_reply_to, refs, reconcile_key, attachments, extra, asks, generation, updated_at`;
const VALUES = `@accountId, @externalId, @stream, @kind, @source, @conversationId, @sentAt, @senderAddress,
    @senderName, @recipients, @participants, @subject, @snippet, @bodyText, @isUnread, @isStarred, @fromMe,
    @hasAttachments, @folders, @messageId, @inReplyTo, @refs, @reconcileKey, @attachments, @extra, @asks, @generation, @updatedAt`;
// New rows take a plain INSERT: an upsert carries the update trigger, so it runs under a statement savepoint,
// and FTS5 flushes its pending index at every savepoint (see migrations/0050-fts-explicit-insert.ts).
const INSERT = `INSERT INTO items (${COLUMNS}) VALUES (${VALUES})`;
const UPSERT = `
  INSERT INTO items (account_id, external_id, stream, kind, source, conversation_id, sent_at, sender_address,
    sender_name, recipients, participants, subject, snippet, body_text, is_unread, is_starred, from_me,
    has_attachments, folders, message_id, in_reply_to, refs, reconcile_key, attachments, extra, asks, generation, updated_at)
  VALUES (@accountId, @externalId, @stream, @kind, @source, @conversationId, @sentAt, @senderAddress,
    @senderName, @recipients, @participants, @subject, @snippet, @bodyText, @isUnread, @isStarred, @fromMe,
    @hasAttachments, @folders, @messageId, @inReplyTo, @refs, @reconcileKey, @attachments, @extra, @asks, @generation, @updatedAt)
  ON CONFLICT (account_id, external_id) DO UPDATE SET
    stream = excluded.stream, kind = excluded.kind, source = excluded.source, conversation_id = excluded.conversation_id,
    sent_at = excluded.sent_at, sender_address = excluded.sender_address, sender_name = excluded.sender_name,
    recipients = excluded.recipients, participants = excluded.participants, subject = excluded.subject,
    snippet = excluded.snippet, body_text = excluded.body_text, is_unread = excluded.is_unread,
    is_starred = excluded.is_starred, from_me = excluded.from_me, has_attachments = excluded.has_attachments,
    folders = excluded.folders, message_id = excluded.message_id, in_reply_to = excluded.in_reply_to,
    refs = excluded.refs, reconcile_key = excluded.reconcile_key, attachments = excluded.attachments,
    extra = excluded.extra, asks = excluded.asks, generation = excluded.generation, updated_at = excluded.updated_at
  RETURNING id`;
// New rows are indexed here, not by a trigger (see migrations/0050-fts-explicit-insert.ts).
const INSERT_FTS = `INSERT INTO items_fts (rowid, subject, body, sender, participants) VALUES (?, ?, ?, ?, ?)`;
const UPSERT_HTML = `INSERT INTO item_html (item_id, html) VALUES (?, ?)
  ON CONFLICT (item_id) DO UPDATE SET html = excluded.html`;
const DELETE_HTML = `DELETE FROM item_html WHERE item_id = ?`;
const FIND_BY_EXTERNAL = `SELECT id FROM items WHERE account_id = ? AND external_id = ?`;
// A resync reissued ids (IMAP UIDVALIDITY): adopt the old row that has the same reconcile key.
const FIND_RECONCILE = `SELECT id FROM items WHERE account_id = ? AND stream = ? AND reconcile_key = ? AND generation < ?
  ORDER BY id LIMIT 1`;
const RENAME = `UPDATE items SET external_id = ? WHERE id = ?`;
const UPSERT_CONVERSATION = `INSERT INTO conversations (account_id, external_id, kind, source, title, participants)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, external_id) DO UPDATE SET
  title = excluded.title, participants = excluded.participants`;
const DELETE_ITEM = `DELETE FROM items WHERE account_id = ? AND external_id = ? RETURNING id`;
const DELETE_STALE = `DELETE FROM items WHERE account_id = ? AND stream = ? AND generation < ? RETURNING id`;

export interface UpsertOptions {
  stream: string;
  /** The stream's current generation (sync_state.generation). */
  generation: number;
  /** During a full resync: adopt rows whose ids were reissued, matched by reconcile key. */
  reconcile?: boolean;
}

function titleOf(item: UnifiedItem): string {
  if (item.kind === 'email') return item.subject;
  if (item.kind === 'note') return item.title;
  return '';
}

function identityText(ids: readonly { name?: string | undefined; address: string }[]): string {
  return ids.map((i) => (i.name ? `${i.name} ${i.address}` : i.address)).join(' ');
}

function snippetOf(text: string): string {
  // Only the head of the text can reach the snippet; don't rewrite a 64 KB body to keep 200 chars.
  let flat = '';
  for (let head = SNIPPET_LENGTH * 2; ; head *= 8) {
    flat = text.slice(0, head).replace(/\s+/g, ' ').trim();
    if (flat.length > SNIPPET_LENGTH || head >= text.length) break;
  }
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1)}…` : flat;
}

function extraOf(item: UnifiedItem): Record<string, unknown> {
  if (item.kind === 'email') return { cc: item.cc, parseWarning: item.parseWarning };
  if (item.kind === 'note') return { location: item.location };
  return { replyTo: item.replyTo };
}

function toRow(accountId: string, item: UnifiedItem, options: UpsertOptions, now: number) {
  const cc = item.kind === 'email' ? item.cc : [];
  return {
    accountId,
    externalId: item.externalId,
    stream: options.stream,
    kind: item.kind,
    source: item.source,
    conversationId: item.conversationId,
    sentAt: Date.parse(item.sentAt),
    senderAddress: item.sender.address,
    senderName: item.sender.name ?? '',
    recipients: JSON.stringify(item.recipients),
    participants: identityText([...item.recipients, ...cc]),
    subject: titleOf(item),
    snippet: snippetOf(item.text),
    bodyText: item.text,
    isUnread: item.isUnread ? 1 : 0,
    isStarred: item.isStarred ? 1 : 0,
    fromMe: item.fromMe ? 1 : 0,
    hasAttachments: item.attachments.some((a) => !a.inline) ? 1 : 0,
    folders: JSON.stringify(item.folders),
    messageId: item.kind === 'email' ? (item.messageId ?? null) : null,
    inReplyTo: item.kind === 'email' ? (item.inReplyTo ?? null) : null,
    refs: JSON.stringify(item.kind === 'email' ? item.references : []),
    reconcileKey: item.reconcileKey ?? null,
    attachments: JSON.stringify(item.attachments),
    extra: JSON.stringify(extraOf(item)),
    asks: item.kind !== 'note' && textAsks(item.text) ? 1 : 0,
    generation: options.generation,
    updatedAt: now,
  };
}

function prepareWrites(db: WriteDb) {
  return {
    upsert: db.prepare<Record<string, unknown>, { id: number }>(UPSERT),
    upsertHtml: db.prepare(UPSERT_HTML),
    deleteHtml: db.prepare(DELETE_HTML),
    findExternal: db.prepare<[string, string], { id: number }>(FIND_BY_EXTERNAL),
    findReconcile: db.prepare<[string, string, string, number], { id: number }>(FIND_RECONCILE),
    rename: db.prepare(RENAME),
    insert: db.prepare<Record<string, unknown>>(INSERT),
    insertFts: db.prepare(INSERT_FTS),
  };
}

// The ingest hot path: prepare its statements once per connection, not once per batch.
const writeCache = new WeakMap<WriteDb, ReturnType<typeof prepareWrites>>();

function writeStatements(db: WriteDb): ReturnType<typeof prepareWrites> {
  let statements = writeCache.get(db);
  if (!statements) {
    statements = prepareWrites(db);
    writeCache.set(db, statements);
  }
  return statements;
}

/** Idempotent: a replayed batch updates rows in place. Returns the row ids touched. Call inside a transaction. */
export function upsertItems(db: WriteDb, accountId: string, items: readonly UnifiedItem[], options: UpsertOptions): number[] {
  const { upsert, upsertHtml, deleteHtml, findExternal, findReconcile, rename, insert, insertFts } = writeStatements(db);
  const now = Date.now();
  const ids: number[] = [];
  for (const item of items) {
    let existing = findExternal.get(accountId, item.externalId);
    if (options.reconcile && item.reconcileKey && !existing) {
      const old = findReconcile.get(accountId, options.stream, item.reconcileKey, options.generation);
      if (old) {
        rename.run(item.externalId, old.id);
        existing = old;
      }
    }
    const values = toRow(accountId, item, options, now);
    if (!existing) {
      // A new row: index it here (updates are re-indexed by the update trigger); it has no old HTML to drop.
      const id = Number(insert.run(values).lastInsertRowid);
      ids.push(id);
      insertFts.run(id, values.subject, values.bodyText, `${values.senderName} ${values.senderAddress}`, values.participants);
      if (item.html) upsertHtml.run(id, item.html);
      continue;
    }
    const row = upsert.get(values);
    if (!row) continue;
    ids.push(row.id);
    if (item.html) upsertHtml.run(row.id, item.html);
    else deleteHtml.run(row.id);
  }
  return ids;
}

export function upsertConversations(db: WriteDb, accountId: string, conversations: readonly Conversation[]): void {
  const stmt = db.prepare(UPSERT_CONVERSATION);
  for (const c of conversations) {
    stmt.run(accountId, c.externalId, c.kind, c.source, c.title, JSON.stringify(c.participants));
  }
}

/** Applies state-only changes; unknown ids are ignored (the item may not be synced yet). */
export function patchItems(db: WriteDb, accountId: string, patches: readonly ItemPatch[]): number[] {
  const stmt = db.prepare<[number | null, number | null, string | null, number, string, string], { id: number }>(
    `UPDATE items SET is_unread = coalesce(?, is_unread), is_starred = coalesce(?, is_starred),
       folders = coalesce(?, folders), updated_at = ? WHERE account_id = ? AND external_id = ? RETURNING id`,
  );
  const now = Date.now();
  const ids: number[] = [];
  for (const p of patches) {
    const row = stmt.get(
      p.isUnread === undefined ? null : Number(p.isUnread),
      p.isStarred === undefined ? null : Number(p.isStarred),
      p.folders === undefined ? null : JSON.stringify(p.folders),
      now,
      accountId,
      p.externalId,
    );
    if (row) ids.push(row.id);
  }
  return ids;
}

export function deleteItems(db: WriteDb, accountId: string, externalIds: readonly string[]): number[] {
  const stmt = db.prepare<[string, string], { id: number }>(DELETE_ITEM);
  return externalIds.flatMap((externalId) => stmt.all(accountId, externalId).map((r) => r.id));
}

/** After a full resync of a stream: removes the rows the resync no longer saw. */
export function deleteStaleItems(db: WriteDb, accountId: string, stream: string, generation: number): number[] {
  return db.prepare<[string, string, number], { id: number }>(DELETE_STALE).all(accountId, stream, generation).map((r) => r.id);
}

export function setUnread(db: WriteDb, ids: readonly number[], unread: boolean): void {
  const stmt = db.prepare('UPDATE items SET is_unread = ?, updated_at = ? WHERE id = ?');
  const now = Date.now();
  for (const id of ids) stmt.run(unread ? 1 : 0, now, id);
}

export { countItems, getItem, getItemByExternalId, listConversation, type ItemRow } from './item-reads.ts';
export { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './item-summary.ts';
