// The columns and mapping of an item as lists and search results show it.
import type { ItemSummary } from '../../../connectors/contract/models.ts';

export const SUMMARY_COLUMNS = `id, account_id AS accountId, external_id AS externalId, kind, source,
  conversation_id AS conversationId, sent_at AS sentAt, sender_name AS senderName, sender_address AS senderAddress,
  subject, snippet, is_unread AS isUnread, is_starred AS isStarred, from_me AS fromMe, has_attachments AS hasAttachments`;

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
