import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Identity, UnifiedItem } from '../../../connectors/contract/models.ts';
import { insertAccount, setAccountMe } from '../../../electron/main/store/accounts.ts';
import { openDatabase, writeTransaction, type WriteDb } from '../../../electron/main/store/db.ts';
import { upsertConversations, upsertItems } from '../../../electron/main/store/items.ts';
import { computeNextActions, dismissAction, restoreAction, snoozeAction, type NextAction } from '../../../electron/main/services/next-actions.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ME_MAIL: Identity = { kind: 'email', address: 'Alex.Morgan@example.com', name: 'Alex Morgan' };
const ME_SLACK: Identity = { kind: 'slack', address: 'UME', name: 'Alex Morgan' };
const ME_PHONE: Identity = { kind: 'phone', address: '+15550100', name: 'Alex Morgan' };
const ana: Identity = { kind: 'slack', address: 'UANA', name: 'Ana Silva' };
const ben: Identity = { kind: 'slack', address: 'UBEN', name: 'Ben Okafor' };
const dmitri: Identity = { kind: 'email', address: 'dmitri@example.org', name: 'Dmitri Rossi' };
const mum: Identity = { kind: 'phone', address: '+15550133', name: 'Rosa Costa' };

let db: WriteDb;
let seq = 0;

function item(p: { conv: string; from: Identity; to: Identity[]; text: string; ago: number; kind?: 'email' | 'message' | 'note'; source?: UnifiedItem['source']; unread?: boolean; cc?: Identity[] }): UnifiedItem {
  const fromMe = [ME_MAIL.address, ME_SLACK.address, ME_PHONE.address].includes(p.from.address);
  const base = {
    externalId: `x${++seq}`, source: p.source ?? 'slack', conversationId: p.conv, sentAt: new Date(NOW - p.ago).toISOString(),
    sender: p.from, recipients: p.to, text: p.text, isUnread: p.unread ?? false, isStarred: false, fromMe, folders: [] as string[], attachments: [],
  };
  if (p.kind === 'email') return { ...base, source: p.source ?? 'imap', kind: 'email', subject: 'Re: things', cc: p.cc ?? [], references: [] };
  if (p.kind === 'note') return { ...base, source: 'onenote', kind: 'note', title: 'Notes', location: 'Work' };
  return { ...base, kind: 'message' };
}

function write(items: UnifiedItem[], account = 'acc-1'): void {
  writeTransaction(db, () => upsertItems(db, account, items, { stream: 'all', generation: 0 }));
}

function find(actions: NextAction[], kind: NextAction['kind'], conv: string): NextAction | undefined {
  return actions.find((a) => a.kind === kind && a.conversationId === conv);
}

beforeEach(() => {
  db = openDatabase(':memory:');
  insertAccount(db, { id: 'acc-1', connector: 'demo', name: 'Work', settings: {} });
  setAccountMe(db, 'acc-1', [ME_MAIL, ME_SLACK, ME_PHONE]);
  seq = 0;
});
afterEach(() => db.close());

describe('next actions: reply', () => {
  it('suggests replying to a direct question nobody answered, with a reason a person would write', () => {
    write([
      item({ conv: 'dm-ana', from: ME_SLACK, to: [ana], text: 'Morning! Review is on Thursday.', ago: 3 * DAY }),
      item({ conv: 'dm-ana', from: ana, to: [ME_SLACK], text: 'Can you send the deck before Thursday?', ago: 2 * DAY, unread: true }),
    ]);
    const actions = computeNextActions(db, { now: NOW });
    const reply = find(actions, 'reply', 'dm-ana');
    expect(reply).toMatchObject({ key: 'reply:acc-1:dm-ana', title: 'Reply to Ana Silva', accountId: 'acc-1', itemIds: [2] });
    expect(reply?.reason).toBe('Ana Silva asked you a question 2 days ago in Slack: “Can you send the deck before Thursday?” — not answered yet.');
    expect(actions).toHaveLength(1);
  });

  it('skips lookalikes: answered questions, bulk and broadcast mail, notes, quoted questions, cc-only, old ones', () => {
    const many = Array.from({ length: 9 }, (_, i): Identity => ({ kind: 'email', address: `p${i}@example.com` }));
    write([
      // answered
      item({ conv: 'dm-ben', from: ben, to: [ME_SLACK], text: 'Could you review the PR?', ago: 3 * DAY }),
      item({ conv: 'dm-ben', from: ME_SLACK, to: [ben], text: 'Done, approved.', ago: 2 * DAY }),
      // bulk: noreply sender
      item({ conv: 'news', kind: 'email', from: { kind: 'email', address: 'noreply@news.example.org', name: 'Deals' }, to: [ME_MAIL], text: 'Can you believe these prices? Please upgrade.', ago: DAY }),
      // broadcast: many recipients
      item({ conv: 'all-hands', kind: 'email', from: dmitri, to: [ME_MAIL, ...many], text: 'Hi all,\n\nCan you fill in the survey by Friday?', ago: DAY }),
      // a note with a question
      item({ conv: 'notebook', kind: 'note', from: ME_MAIL, to: [], text: 'Ask Ana: what is the budget?', ago: DAY }),
      // a reply whose only question is in the quoted part
      item({ conv: 'quoted', kind: 'email', from: dmitri, to: [ME_MAIL], text: 'Thanks, sounds good.\n\nOn Tue, 25 Feb 2025, Alex Morgan wrote:\n> Can you send the contract?', ago: DAY }),
      // the user is only in cc
      item({ conv: 'cc-only', kind: 'email', from: dmitri, to: [{ kind: 'email', address: 'ben@example.com' }], cc: [ME_MAIL], text: 'Ben, could you check the invoice?', ago: DAY }),
      // group chat question not addressed to the user
      item({ conv: 'group', from: ana, to: [ME_SLACK, ben], text: 'Ben, can you book the room?', ago: HOUR }),
      // too old
      item({ conv: 'old', from: ana, to: [ME_SLACK], text: 'Can you remind me of the plan?', ago: 40 * DAY }),
      // a statement, not a question
      item({ conv: 'dm-mum', source: 'whatsapp', from: mum, to: [ME_PHONE], text: 'Home safe. Talk tomorrow.', ago: HOUR }),
    ]);
    const actions = computeNextActions(db, { now: NOW });
    expect(actions.filter((a) => a.kind === 'reply')).toEqual([]);
  });

  it('fires in a group chat when the user is mentioned, and for an email to the user, matching me case-insensitively', () => {
    write([
      item({ conv: 'group', from: ana, to: [ME_SLACK, ben], text: '@Alex can you book the room for Friday?', ago: HOUR }),
      item({ conv: 'mail', kind: 'email', from: dmitri, to: [{ kind: 'email', address: 'alex.morgan@EXAMPLE.com' }, { kind: 'email', address: 'ben@example.com' }],
        text: 'Hi Alex,\n\nPlease let me know when the signed copy is ready.\n\nBest,\nDmitri', ago: 5 * HOUR }),
      item({ conv: 'wa', source: 'whatsapp', from: mum, to: [ME_PHONE], text: 'Are we still on for dinner on Saturday?', ago: 3 * HOUR }),
    ]);
    const actions = computeNextActions(db, { now: NOW });
    expect(find(actions, 'reply', 'group')?.reason).toMatch(/^Ana Silva asked you a question an hour ago in Slack/);
    expect(find(actions, 'reply', 'mail')?.reason).toContain('by email: “Please let me know when the signed copy is ready.”');
    expect(find(actions, 'reply', 'wa')?.reason).toContain('in WhatsApp');
    // Direct 1:1 questions rank above a mention in a group.
    expect(find(actions, 'reply', 'wa')!.score).toBeGreaterThan(find(actions, 'reply', 'group')!.score);
  });

  it('ranks people the user talks with often higher, and collects every waiting question as evidence', () => {
    write([
      ...Array.from({ length: 8 }, (_, i) => item({ conv: 'dm-ana', from: ME_SLACK, to: [ana], text: `note ${i}`, ago: 10 * DAY - i * HOUR })),
      item({ conv: 'dm-ana', from: ana, to: [ME_SLACK], text: 'Can you send the deck?', ago: 2 * DAY }),
      item({ conv: 'dm-ana', from: ana, to: [ME_SLACK], text: 'Also, could you add the Q3 numbers?', ago: DAY }),
      item({ conv: 'dm-ben', from: ben, to: [ME_SLACK], text: 'Could you add the Q3 numbers?', ago: DAY }),
    ]);
    const actions = computeNextActions(db, { now: NOW });
    const a = find(actions, 'reply', 'dm-ana')!;
    const b = find(actions, 'reply', 'dm-ben')!;
    expect(a.score).toBeGreaterThan(b.score);
    expect(a.itemIds).toEqual([10, 9]);
    expect(a.reason).toContain('(2 questions waiting)');
    expect(a.reason).toContain('You write to Ana often.');
  });

  it('suggests nothing to reply to for an account whose identities are unknown', () => {
    insertAccount(db, { id: 'acc-2', connector: 'demo', name: 'No me', settings: {} });
    write([item({ conv: 'dm', from: ana, to: [ME_SLACK], text: 'Can you call me?', ago: HOUR })], 'acc-2');
    expect(computeNextActions(db, { now: NOW })).toEqual([]);
  });
});

describe('next actions: follow up and catch up', () => {
  it('follows up on the user’s unanswered question after N days, not before, not when answered', () => {
    write([
      item({ conv: 'contract', kind: 'email', from: ME_MAIL, to: [dmitri], text: 'Hi Dmitri,\n\nAny update on the signed contract?\n\nAlex', ago: 5 * DAY }),
      item({ conv: 'recent', kind: 'email', from: ME_MAIL, to: [dmitri], text: 'Could you send the invoice?', ago: DAY }),
      item({ conv: 'answered', from: ME_SLACK, to: [ana], text: 'Can you share the test results?', ago: 6 * DAY }),
      item({ conv: 'answered', from: ana, to: [ME_SLACK], text: 'Here they are.', ago: 5 * DAY }),
      item({ conv: 'moved-on', from: ME_SLACK, to: [ben], text: 'Can you share the test results?', ago: 6 * DAY }),
      item({ conv: 'moved-on', from: ME_SLACK, to: [ben], text: 'Found them, never mind.', ago: 4 * DAY }),
    ]);
    const actions = computeNextActions(db, { now: NOW });
    expect(actions.map((a) => a.key)).toEqual(['follow-up:acc-1:contract']);
    expect(actions[0]?.reason).toBe('You asked Dmitri Rossi “Any update on the signed contract?” by email 5 days ago — no reply yet.');
    expect(computeNextActions(db, { now: NOW, followUpDays: 7 })).toEqual([]);
    expect(computeNextActions(db, { now: NOW, followUpDays: 1 }).map((a) => a.conversationId).sort()).toEqual(['contract', 'recent']);
  });

  it('suggests catching up on a conversation with at least five unread messages', () => {
    upsertConversations(db, 'acc-1', [{ externalId: 'launch', kind: 'message', source: 'slack', title: '#launch', participants: [] }]);
    write([
      ...Array.from({ length: 6 }, (_, i) => item({ conv: 'launch', from: i % 2 ? ana : ben, to: [ME_SLACK, ana, ben], text: `Update ${i}`, ago: (7 - i) * HOUR, unread: true })),
      ...Array.from({ length: 4 }, (_, i) => item({ conv: 'quiet', from: ana, to: [ME_SLACK, ben], text: `Note ${i}`, ago: HOUR, unread: true })),
    ]);
    const actions = computeNextActions(db, { now: NOW });
    expect(actions.map((a) => a.key)).toEqual(['catch-up:acc-1:launch']);
    expect(actions[0]).toMatchObject({ title: 'Catch up on #launch', itemIds: [6, 5, 4, 3, 2, 1] });
    expect(actions[0]?.reason).toBe('6 unread messages in #launch on Slack, the latest from Ana Silva 2 hours ago.');
    expect(computeNextActions(db, { now: NOW, catchUpMin: 4 })).toHaveLength(2);
  });
});

describe('next actions: dismiss and snooze', () => {
  beforeEach(() => {
    write([item({ conv: 'dm-ana', from: ana, to: [ME_SLACK], text: 'Can you send the deck?', ago: 2 * DAY })]);
  });

  it('remembers a dismissal until something new arrives in the conversation', () => {
    dismissAction(db, 'reply:acc-1:dm-ana', NOW);
    expect(computeNextActions(db, { now: NOW })).toEqual([]);
    expect(computeNextActions(db, { now: NOW + DAY })).toEqual([]);
    // Re-syncing the same item (same row) does not bring it back.
    write([{ ...item({ conv: 'dm-ana', from: ana, to: [ME_SLACK], text: 'Can you send the deck?', ago: 2 * DAY }), externalId: 'x1' }]);
    expect(computeNextActions(db, { now: NOW })).toEqual([]);
    write([item({ conv: 'dm-ana', from: ana, to: [ME_SLACK], text: 'Hello?', ago: HOUR })]);
    const back = computeNextActions(db, { now: NOW });
    expect(back.map((a) => a.key)).toEqual(['reply:acc-1:dm-ana']);
    expect(back[0]?.reason).toContain('“Hello?”');
  });

  it('hides a snoozed suggestion until its time, and restore undoes either', () => {
    snoozeAction(db, 'reply:acc-1:dm-ana', NOW + 3 * HOUR, NOW);
    expect(computeNextActions(db, { now: NOW + HOUR })).toEqual([]);
    expect(computeNextActions(db, { now: NOW + 4 * HOUR })).toHaveLength(1);
    dismissAction(db, 'reply:acc-1:dm-ana', NOW);
    expect(computeNextActions(db, { now: NOW })).toEqual([]);
    expect(restoreAction(db, 'reply:acc-1:dm-ana')).toBe(true);
    expect(computeNextActions(db, { now: NOW })).toHaveLength(1);
  });

  it('refuses keys that are not action keys', () => {
    expect(() => dismissAction(db, 'nonsense')).toThrow(/Not a next-action key/);
    expect(() => snoozeAction(db, 'reply:acc-1:dm-ana', Number.NaN)).toThrow(/time/);
  });
});
