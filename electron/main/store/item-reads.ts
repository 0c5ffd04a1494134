// Reads of single items and conversations, mapped back into the unified models.
import type { ItemSummary, UnifiedItem } from '../../../connectors/contract/models.ts';
import type { ReadDb } from './db.ts';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './item-summary.ts';

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
