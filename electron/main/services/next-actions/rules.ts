// The three rules of next actions v1. Each turns candidate rows from store/actions.ts into
// suggestions with a score and a reason a person would write. Deterministic: same cache, same `now`,
// same suggestions.
import type { Identity } from '../../../../connectors/contract/models.ts';
import type { AskRow, ConversationFacts, UnreadItem, UnreadRow } from '../../store/actions.ts';
import { ago, askingSentence, asksSomething, firstName, looksBulk, mentions, newText, where } from './text.ts';

export interface NextAction {
  key: string;
  kind: 'reply' | 'follow-up' | 'catch-up';
  score: number;
  title: string;
  reason: string;
  itemIds: number[];
  accountId: string;
  conversationId: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A suggestion before its reason is written: reasons are built only for those that make the list. */
export type Candidate = Omit<NextAction, 'reason'> & { explain: () => string };

export function actionKey(kind: NextAction['kind'], accountId: string, conversationId: string): string {
  return `${kind}:${accountId}:${conversationId}`;
}

export function parseActionKey(key: string): { kind: NextAction['kind']; accountId: string; conversationId: string } | undefined {
  const match = /^(reply|follow-up|catch-up):([^:]+):(.+)$/.exec(key);
  if (!match) return undefined;
  return { kind: match[1] as NextAction['kind'], accountId: match[2] as string, conversationId: match[3] as string };
}

/** How familiar the conversation is: 0 for a stranger, up to 15 for someone the user writes to a lot. */
function familiarity(mine: number): number {
  return Math.min(15, Math.round(5 * Math.log2(1 + mine)));
}

function recipientsOf(row: AskRow): Identity[] {
  try {
    return JSON.parse(row.recipients) as Identity[];
  } catch {
    return [];
  }
}

/** The asks waiting in the row's conversation, newest first, at most five. */
function waitingIds(row: AskRow): number[] {
  try {
    const pairs = JSON.parse(row.waiting) as [number, number][];
    return pairs.sort((a, b) => b[0] - a[0] || b[1] - a[1]).slice(0, 5).map((p) => p[1]);
  } catch {
    return [row.id];
  }
}

function round(score: number): number {
  return Math.round(score * 10) / 10;
}

/**
 * Inbound questions addressed to the user (1:1, an email to few people, or a mention) and not
 * answered. One row per conversation, its newest ask; `evidence` lists the asks still waiting there.
 */
export function replyActions(
  rows: readonly AskRow[], myNames: readonly string[], now: number,
  facts: (row: AskRow) => ConversationFacts,
): Candidate[] {
  const actions: Candidate[] = [];
  for (const row of rows) {
    const recipients = recipientsOf(row);
    const direct = recipients.length === 1;
    if (looksBulk(row.senderAddress, row.kind, recipients.length)) continue;
    const text = newText(row.bodyText);
    if (!asksSomething(text)) continue;
    if (!direct && row.kind !== 'email' && !mentions(text, myNames)) continue;
    const { mine, conversationTitle } = facts(row);
    const name = row.senderName || row.senderAddress;
    const ageDays = (now - row.sentAt) / DAY;
    const waiting = ageDays < 1 / 24 ? 2 : ageDays < 1 ? 6 : ageDays < 3 ? 10 : 8;
    const stale = Math.max(0, ageDays - 7) * 2;
    const score = 50 + (direct ? 15 : 0) + familiarity(mine) + waiting - stale;
    const place = direct || !conversationTitle ? where(row.source, row.kind) : `in ${conversationTitle}`;
    const itemIds = waitingIds(row);
    const more = itemIds.length > 1 ? ` (${itemIds.length} questions waiting)` : '';
    const often = mine >= 5 ? ` You write to ${firstName(name)} often.` : '';
    actions.push({
      key: actionKey('reply', row.accountId, row.conversationId),
      kind: 'reply',
      score: round(score),
      title: `Reply to ${name}`,
      explain: () => `${name} asked you a question ${ago(row.sentAt, now)} ${place}: “${askingSentence(text)}” — not answered yet${more}.${often}`,
      itemIds: itemIds.length > 0 ? itemIds : [row.id],
      accountId: row.accountId,
      conversationId: row.conversationId,
    });
  }
  return actions;
}

/** The user asked, nobody else wrote since, and it has been at least `followUpDays`. */
export function followUpActions(
  rows: readonly AskRow[], followUpDays: number, now: number, facts: (row: AskRow) => ConversationFacts,
): Candidate[] {
  const actions: Candidate[] = [];
  for (const row of rows) {
    const key = actionKey('follow-up', row.accountId, row.conversationId);
    if (now - row.sentAt < followUpDays * DAY) continue;
    const text = newText(row.bodyText);
    if (!asksSomething(text)) continue;
    const { mine, lastMine, conversationTitle } = facts(row);
    // Only the user's latest word counts: a newer message of theirs means the thread moved on.
    if (lastMine !== null && lastMine > row.sentAt) continue;
    const recipients = recipientsOf(row);
    const who = recipients.length === 1
      ? (recipients[0]?.name ?? recipients[0]?.address ?? 'them')
      : (conversationTitle ?? `${recipients.length} people`);
    const ageDays = (now - row.sentAt) / DAY;
    const stale = Math.max(0, ageDays - 21) * 2;
    const score = 40 + (recipients.length === 1 ? 10 : 0) + familiarity(mine) + Math.min(15, (ageDays - followUpDays) * 3 + 5) - stale;
    actions.push({
      key,
      kind: 'follow-up',
      score: round(score),
      title: `Follow up with ${who}`,
      explain: () => `You asked ${who} “${askingSentence(text)}” ${where(row.source, row.kind)} ${ago(row.sentAt, now)} — no reply yet.`,
      itemIds: [row.id],
      accountId: row.accountId,
      conversationId: row.conversationId,
    });
  }
  return actions;
}

/** A conversation with a pile of unread messages. */
export function catchUpAction(row: UnreadRow, items: readonly UnreadItem[], now: number): Candidate {
  const latest = items[0];
  const title = row.conversationTitle || latest?.senderName || row.conversationId;
  const fresh = now - row.lastAt < DAY ? 10 : now - row.lastAt < 3 * DAY ? 5 : 0;
  const noun = row.kind === 'email' ? 'emails' : 'messages';
  const from = latest ? `, the latest from ${latest.senderName || latest.senderAddress} ${ago(latest.sentAt, now)}` : '';
  return {
    key: actionKey('catch-up', row.accountId, row.conversationId),
    kind: 'catch-up',
    score: round(20 + Math.min(20, row.unread) + fresh),
    title: `Catch up on ${title}`,
    explain: () => `${row.unread} unread ${noun} in ${title}${row.kind === 'email' ? '' : ` ${where(row.source, row.kind).replace(/^in /, 'on ')}`}${from}.`,
    itemIds: items.map((i) => i.id),
    accountId: row.accountId,
    conversationId: row.conversationId,
  };
}
