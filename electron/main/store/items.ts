// Reads and writes for items, their HTML and conversations. No other module writes SQL against them.
import type { Conversation, ItemPatch, ItemSummary, UnifiedItem } from '../../../connectors/contract/models.ts';
import { textAsks } from '../../shared/asks.ts';
import type { ReadDb, WriteDb } from './db.ts';

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

export const SUMMARY_COLUMNS = `id, account_id AS accountId, external_id AS externalId, kind, source,
  conversation_id AS conversationId, sent_at AS sentAt, sender_name AS senderName, sender_address AS senderAddress,
  subject, snippet, is_unread AS isUnread, is_starred AS isStarred, from_me AS fromMe, has_attachments AS hasAttachments`;

export interface UpsertOptions {
  stream: string;
  /** The stream's current generation (sync_state.generation). */
  generation: number;
  /** During a full resync: adopt rows whose ids were reissued, matched by reconcile key. */
  reconcile?: boolean;
}

export interface SummaryRow {
  id: number;
  accountId: string;
  externalId: string;
  kind: string;
  source: string;
  conversationId: string;
  sentAt: number;
  senderName: string;
  senderAddress: string;
  subject: string;
  snippet: string;
  isUnread: number;
  isStarred: number;
  fromMe: number;
  hasAttachments: number;
}


export function toSummary(row: SummaryRow): ItemSummary {
  return {
    ...row,
    kind: row.kind as ItemSummary['kind'],
    source: row.source as ItemSummary['source'],
    sentAt: new Date(row.sentAt).toISOString(),
    isUnread: row.isUnread === 1,
    isStarred: row.isStarred === 1,
    fromMe: row.fromMe === 1,
    hasAttachments: row.hasAttachments === 1,
  };
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

export interface ItemRow {
  id: number;
  accountId: string;
  externalId: string;
  stream: string;
  item: UnifiedItem;
}

interface FullRow extends SummaryRow {
  stream: string;
  recipients: string;
  bodyText: string;
  folders: string;
  messageId: string | null;
  inReplyTo: string | null;
  refs: string;
  reconcileKey: string | null;
  attachments: string;
  extra: string;
  html: string | null;
}

const FULL = `SELECT ${SUMMARY_COLUMNS}, stream, recipients, body_text AS bodyText, folders, message_id AS messageId,
  in_reply_to AS inReplyTo, refs, reconcile_key AS reconcileKey, attachments, extra,
  (SELECT html FROM item_html WHERE item_id = items.id) AS html FROM items`;

function toItemRow(row: FullRow): ItemRow {
  const extra = JSON.parse(row.extra) as Record<string, unknown>;
  const base = {
    externalId: row.externalId,
    source: row.source as UnifiedItem['source'],
    conversationId: row.conversationId,
    sentAt: new Date(row.sentAt).toISOString(),
    sender: { kind: 'email' as const, address: row.senderAddress, ...(row.senderName ? { name: row.senderName } : {}) },
    recipients: JSON.parse(row.recipients) as UnifiedItem['recipients'],
    text: row.bodyText,
    isUnread: row.isUnread === 1,
    isStarred: row.isStarred === 1,
    fromMe: row.fromMe === 1,
    folders: JSON.parse(row.folders) as string[],
    attachments: JSON.parse(row.attachments) as UnifiedItem['attachments'],
    ...(row.reconcileKey ? { reconcileKey: row.reconcileKey } : {}),
    ...(row.html ? { html: row.html } : {}),
  };
  let item: UnifiedItem;
  if (row.kind === 'email') {
    item = {
      ...base,
      kind: 'email',
      subject: row.subject,
      references: JSON.parse(row.refs) as string[],
      cc: (extra.cc as UnifiedItem['recipients'] | undefined) ?? [],
      ...(row.messageId ? { messageId: row.messageId } : {}),
      ...(row.inReplyTo ? { inReplyTo: row.inReplyTo } : {}),
      ...(typeof extra.parseWarning === 'string' ? { parseWarning: extra.parseWarning } : {}),
    };
  } else if (row.kind === 'note') {
    item = { ...base, kind: 'note', title: row.subject, location: String(extra.location ?? '') };
  } else {
    item = { ...base, kind: 'message', ...(typeof extra.replyTo === 'string' ? { replyTo: extra.replyTo } : {}) };
  }
  return { id: row.id, accountId: row.accountId, externalId: row.externalId, stream: row.stream, item };
}

export function getItem(db: ReadDb, id: number): ItemRow | undefined {
  const row = db.prepare<[number], FullRow>(`${FULL} WHERE id = ?`).get(id);
  return row && toItemRow(row);
}

export function getItemByExternalId(db: ReadDb, accountId: string, externalId: string): ItemRow | undefined {
  const row = db.prepare<[string, string], FullRow>(`${FULL} WHERE account_id = ? AND external_id = ?`).get(accountId, externalId);
  return row && toItemRow(row);
}

export function listConversation(db: ReadDb, accountId: string, conversationId: string, limit = 500): ItemSummary[] {
  return db
    .prepare<[string, string, number], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM items WHERE account_id = ? AND conversation_id = ? ORDER BY sent_at LIMIT ?`,
    )
    .all(accountId, conversationId, limit)
    .map(toSummary);
}

export function countItems(db: ReadDb, accountId?: string): number {
  const row = accountId
    ? db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM items WHERE account_id = ?').get(accountId)
    : db.prepare<[], { n: number }>('SELECT count(*) AS n FROM items').get();
  return row?.n ?? 0;
}
