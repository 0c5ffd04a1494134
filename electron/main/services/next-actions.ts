// Next actions v1: reply, follow up, catch up. Deterministic and explainable: every suggestion says
// why (a reason sentence and the evidence item ids). Dismissals and snoozes are remembered; a
// dismissed suggestion comes back only when something new arrives in its conversation.
import {
  accountIdentities, conversationFacts, conversationHighWater, inboundAsks, listActionStates, outboundAsks, saveActionState,
  clearActionState, unreadConversations, unreadItems, type ActionStateRow, type AskRow, type ConversationFacts,
} from '../store/actions.ts';
import type { ReadDb, WriteDb } from '../store/db.ts';
import { catchUpAction, followUpActions, parseActionKey, replyActions, type Candidate, type NextAction } from './next-actions/rules.ts';

export type { NextAction } from './next-actions/rules.ts';
export { actionKey, parseActionKey } from './next-actions/rules.ts';

export interface NextActionOptions {
  now?: number;
  /** Days of silence after the user's question before suggesting a follow-up. Default 3. */
  followUpDays?: number;
  limit?: number;
  /** Unread messages in one conversation that make it worth a catch-up. Default 5. */
  catchUpMin?: number;
  /** How far back unanswered questions to the user are considered, in days. Default 14. */
  replyWindowDays?: number;
  /** How far back the user's own questions (follow up) and unread piles (catch up) count, in days. Default 30. */
  windowDays?: number;
}

const DAY = 86_400_000;

export function computeNextActions(db: ReadDb, opts: NextActionOptions = {}): NextAction[] {
  const now = opts.now ?? Date.now();
  const followUpDays = opts.followUpDays ?? 3;
  const since = now - (opts.windowDays ?? 30) * DAY;
  const actions: Candidate[] = [];
  for (const account of accountIdentities(db)) {
    if (account.addresses.length === 0) continue; // without "me" nothing is addressed to the user
    const rows = inboundAsks(db, account.accountId, account.addresses, now - (opts.replyWindowDays ?? 14) * DAY, now);
    actions.push(...replyActions(rows, account.names, now, factsFor(db, rows)));
  }
  const outbound = outboundAsks(db, since, now);
  actions.push(...followUpActions(outbound, followUpDays, now, factsFor(db, outbound)));
  for (const row of unreadConversations(db, opts.catchUpMin ?? 5, since)) {
    actions.push(catchUpAction(row, unreadItems(db, row.accountId, row.conversationId, 20), now));
  }
  const states = new Map(listActionStates(db).map((s) => [s.key, s]));
  return actions
    .filter((a) => visible(db, a, states.get(a.key), now))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, opts.limit ?? 50)
    .map(({ explain, ...action }) => ({ ...action, reason: explain() }));
}

/** Facts of every candidate conversation, one statement per account. */
function factsFor(db: ReadDb, rows: readonly AskRow[]): (row: AskRow) => ConversationFacts {
  const byAccount = new Map<string, string[]>();
  for (const r of rows) {
    const list = byAccount.get(r.accountId);
    if (list) list.push(r.conversationId);
    else byAccount.set(r.accountId, [r.conversationId]);
  }
  const facts = new Map<string, Map<string, ConversationFacts>>();
  for (const [accountId, conversations] of byAccount) facts.set(accountId, conversationFacts(db, accountId, conversations));
  const none: ConversationFacts = { mine: 0, lastMine: null, conversationTitle: null };
  return (row) => facts.get(row.accountId)?.get(row.conversationId) ?? none;
}

function visible(db: ReadDb, action: Candidate, state: ActionStateRow | undefined, now: number): boolean {
  if (!state) return true;
  if (state.state === 'snoozed') return state.until === null || state.until <= now;
  return conversationHighWater(db, action.accountId, action.conversationId) > (state.seenItemId ?? 0);
}

function requireKey(key: string) {
  const parsed = parseActionKey(key);
  if (!parsed) throw new Error(`Not a next-action key: "${key}"`);
  return parsed;
}

/** Hides the suggestion until something new arrives in its conversation. */
export function dismissAction(db: WriteDb, key: string, now: number = Date.now()): void {
  const { accountId, conversationId } = requireKey(key);
  const seenItemId = conversationHighWater(db, accountId, conversationId);
  saveActionState(db, { key, state: 'dismissed', until: null, seenItemId }, now);
}

/** Hides the suggestion until `untilMs`. */
export function snoozeAction(db: WriteDb, key: string, untilMs: number, now: number = Date.now()): void {
  requireKey(key);
  if (!Number.isFinite(untilMs)) throw new Error('Snooze needs a time to wake up');
  saveActionState(db, { key, state: 'snoozed', until: untilMs, seenItemId: null }, now);
}

/** Undoes a dismissal or snooze. */
export function restoreAction(db: WriteDb, key: string): boolean {
  return clearActionState(db, key);
}
