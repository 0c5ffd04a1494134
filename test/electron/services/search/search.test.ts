// Search end to end over a small realistic cache: each operator returns exactly the right items, newest
// first; both query plans agree; hostile input gives a SearchSyntaxError or a safe result, never an SQL error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnifiedItem, type UnifiedItemInput } from '../../../../connectors/contract/models.ts';
import { search, SearchSyntaxError } from '../../../../electron/main/services/search/index.ts';
import { parseQuery } from '../../../../electron/main/services/search/parse.ts';
import type { WriteDb } from '../../../../electron/main/store/db.ts';
import { upsertItems } from '../../../../electron/main/store/items.ts';
import { buildSearchSql, listInbox, searchItems } from '../../../../electron/main/store/search.ts';
import { freshDb, tempDir } from '../../store/helpers.ts';

// Local noon, so day-based operators (before:/after:, local days) give the same answer in every time zone.
const at = (day: string) => new Date(2024, Number(day.slice(0, 2)) - 1, Number(day.slice(3)), 12).toISOString();
const person = (address: string, name?: string) => ({ kind: 'email' as const, address, ...(name ? { name } : {}) });
const pdf = { filename: 'invoice.pdf', contentType: 'application/pdf', size: 1000 };

const WORK: UnifiedItemInput[] = [
  { kind: 'email', externalId: 'w1', source: 'imap', conversationId: 'c1', sentAt: at('03-01'), sender: person('ana@acme.com', 'Ana López'),
    recipients: [person('bob@acme.com', 'Bob')], subject: 'Invoice March', text: 'Please pay the invoice by Friday.',
    isUnread: true, folders: ['inbox'], attachments: [pdf] },
  { kind: 'email', externalId: 'w2', source: 'imap', conversationId: 'c1', sentAt: at('03-02'), sender: person('bob@acme.com', 'Bob'),
    recipients: [person('ana@acme.com', 'Ana López')], subject: 'Re: Invoice March', text: 'Paid today.', fromMe: true, folders: ['sent'] },
  { kind: 'email', externalId: 'w3', source: 'imap', conversationId: 'c3', sentAt: at('03-05'), sender: person('news@shop.example', 'Shop'),
    subject: 'Spring sale', text: 'Discounts on invoices and more', isStarred: true, folders: ['archive'] },
  { kind: 'message', externalId: 'w4', source: 'slack', conversationId: 'general', sentAt: at('03-06'),
    sender: { kind: 'slack', address: 'U123', name: 'Carol' }, text: 'lunch at noon? the mailing list party is on', isUnread: true },
];
const HOME: UnifiedItemInput[] = [
  { kind: 'email', externalId: 'h1', source: 'gmail', conversationId: 'c5', sentAt: at('02-20'), sender: person('dave@example.org', 'Dave'),
    recipients: [person('ana@acme.com')], subject: 'Quarterly report', text: 'The quarterly report is attached.', isStarred: true,
    folders: ['inbox', 'reports'], attachments: [pdf] },
  { kind: 'note', externalId: 'h2', source: 'onenote', conversationId: 'nb', sentAt: at('03-03'), sender: person('me@home.example'),
    title: 'Meeting notes', text: 'invoice process discussion', location: 'Work / Meetings' },
  { kind: 'message', externalId: 'h3', source: 'whatsapp', conversationId: 'eve', sentAt: at('03-04'),
    sender: { kind: 'phone', address: '+15551234', name: 'Eve' }, text: 'NEAR the station, see you', isUnread: true },
];

let tmp: ReturnType<typeof tempDir>;
let db: WriteDb;
let ids: Map<number, string>;
beforeAll(() => {
  tmp = tempDir();
  db = freshDb(tmp.dir, ['work', 'home']);
  const opts = { stream: 'main', generation: 0 };
  const put = (account: string, list: UnifiedItemInput[]) =>
    upsertItems(db, account, list.map((i) => UnifiedItem.parse(i)), opts).map((id, k) => [id, list[k]!.externalId] as const);
  ids = new Map([...put('work', WORK), ...put('home', HOME)]);
});
afterAll(() => {
  db.close();
  tmp.remove();
});

const NOW = new Date(2024, 2, 10).getTime();
const find = (q: string, opts: { accountId?: string; limit?: number; offset?: number } = {}) =>
  search(db, q, { ...opts, now: NOW }).items.map((i) => i.externalId);
const ALL = ['w4', 'w3', 'h3', 'h2', 'w2', 'w1', 'h1']; // newest first

describe('search: each operator returns exactly the right items, newest first', () => {
  it.each([
    ['', ALL],
    ['invoice', ['h2', 'w2', 'w1']],
    ['INVOICE', ['h2', 'w2', 'w1']],
    ['invoic*', ['w3', 'h2', 'w2', 'w1']],
    ['"pay the invoice"', ['w1']],
    ['"invoice the pay"', []],
    ['"mailing li"*', ['w4']],
    ['from:ana', ['w1']],
    ['from:ana@acme.com', ['w1']],
    ['from:"Ana López"', ['w1']],
    ['from:lopez', ['w1']],
    ['from:me', ['w2']],
    ['to:ana', ['w2', 'h1']],
    ['subject:invoice', ['w2', 'w1']],
    ['subject:quarter*', ['h1']],
    ['source:slack', ['w4']],
    ['source:email', ['w3', 'w2', 'w1', 'h1']],
    ['source:chat', ['w4', 'h3']],
    ['kind:note', ['h2']],
    ['kind:chat', ['w4', 'h3']],
    ['kind:email', ['w3', 'w2', 'w1', 'h1']],
    ['in:inbox', ['w1', 'h1']],
    ['in:reports', ['h1']],
    ['is:unread', ['w4', 'h3', 'w1']],
    ['is:read', ['w3', 'h2', 'w2', 'h1']],
    ['is:starred', ['w3', 'h1']],
    ['is:unstarred', ['w4', 'h3', 'h2', 'w2', 'w1']],
    ['has:attachment', ['w1', 'h1']],
    ['before:2024-03-02', ['w1', 'h1']],
    ['after:2024-03-05', ['w4', 'w3']],
    ['after:2024-03-02 before:2024-03-05', ['h3', 'h2', 'w2']],
    ['after:7d', ['w4', 'w3', 'h3', 'h2']], // 7 days before 10 March: from 3 March, inclusive
    ['account:home', ['h3', 'h2', 'h1']],
    ['account:"HOME name"', ['h3', 'h2', 'h1']],
  ])('%s', (q, expected) => {
    expect(find(q)).toEqual(expected);
  });
});

describe('search: negation, OR and groups across FTS and SQL leaves', () => {
  it.each([
    ['invoice -paid', ['h2', 'w1']],
    ['-from:ana invoice', ['h2', 'w2']],
    ['-invoice', ['w4', 'w3', 'h3', 'h1']],
    ['-invoice -report', ['w4', 'w3', 'h3']],
    ['invoice -is:unread', ['h2', 'w2']],
    ['is:starred OR lunch', ['w4', 'w3', 'h1']],
    ['lunch OR quarterly', ['w4', 'h1']],
    ['-(is:unread OR kind:note)', ['w3', 'w2', 'h1']],
    ['(invoice OR quarterly) has:attachment', ['w1', 'h1']],
    ['(invoice OR kind:chat) -source:slack', ['h3', 'h2', 'w2', 'w1']],
    ['from:ana OR from:dave', ['w1', 'h1']],
    ['-(from:ana OR is:starred) invoice*', ['h2', 'w2']],
    ['paid OR (sale is:starred)', ['w3', 'w2']],
  ])('%s', (q, expected) => {
    expect(find(q)).toEqual(expected);
  });

  it('the opts.accountId restriction stacks with the query', () => {
    expect(find('invoice', { accountId: 'work' })).toEqual(['w2', 'w1']);
    expect(find('account:home', { accountId: 'work' })).toEqual([]);
  });

  it('pages with limit and offset', () => {
    expect(find('', { limit: 3 })).toEqual(ALL.slice(0, 3));
    expect(find('', { limit: 3, offset: 3 })).toEqual(ALL.slice(3, 6));
    expect(find('', { limit: 3, offset: 6 })).toEqual(ALL.slice(6));
  });

  it('both query plans (lookup by rowid, scan by date) return the same pages', () => {
    const queries = ['invoice', 'invoic*', '"pay the invoice"', 'from:ana OR is:starred', '-invoice', 'invoice -paid', 'is:unread',
      'after:2024-03-02 lunch OR invoice', 'subject:invoice account:work'];
    for (const q of queries) {
      const ast = parseQuery(q, { now: NOW });
      const lookup = searchItems(db, ast, { plan: 'lookup' }).map((i) => i.id);
      expect(searchItems(db, ast, { plan: 'scan' }).map((i) => i.id), q).toEqual(lookup);
      expect(searchItems(db, ast, { plan: 'scan', limit: 2, offset: 1 }).map((i) => i.id), q).toEqual(lookup.slice(1, 3));
      expect(lookup.map((id) => ids.get(id)), q).toEqual(find(q));
    }
  });

  it('folds the FTS leaves of one AND into a single MATCH', () => {
    const { sql, params } = buildSearchSql(parseQuery('from:ana invoice -paid is:unread'));
    expect(sql.match(/MATCH/g)).toHaveLength(1);
    expect(params[0]).toBe('((sender : "ana") AND ("invoice")) NOT (("paid"))');
  });

  it('results are full summaries', () => {
    const [item] = search(db, 'from:ana').items;
    expect(item).toMatchObject({ accountId: 'work', externalId: 'w1', kind: 'email', source: 'imap', subject: 'Invoice March',
      senderName: 'Ana López', isUnread: true, hasAttachments: true, sentAt: at('03-01') });
  });
});

describe('search: hostile input', () => {
  const hostile = ['"', '(', ')', 'NEAR(', 'NEAR(a b)', '*', '**', '-', '"*"', '^invoice', "'; DROP TABLE items; --", 'a AND', 'AND',
    'invoice NOT paid', '{subject}: invoice', 'subject:"x"y"', '"a" "b', 'col:umn', 'x OR OR', '\u0000', '"""', 'from:"\'"',
    'subject:*', 'in:"\'); DROP TABLE items;--"', 'account:\'', ':', 'a:', 'NEAR', '"NEAR(invoice paid, 2)"', 'invoice + paid'];
  it.each(hostile)('%j gives a SearchSyntaxError or a result, never an SQLite error', (q) => {
    try {
      expect(Array.isArray(search(db, q).items)).toBe(true);
    } catch (error) {
      expect(error).toBeInstanceOf(SearchSyntaxError);
      expect((error as SearchSyntaxError).column).toBeGreaterThan(0);
    }
  });

  it('FTS keywords in user text are plain words', () => {
    expect(find('NEAR')).toEqual(['h3']);
    expect(find('"AND"')).toEqual(['w3']);
    expect(find("'; DROP TABLE items; --")).toEqual([]);
    expect(find('invoice NOT paid')).toEqual([]); // "not" is a word here, and no item has it
    expect(find('^invoice')).toEqual(['h2', 'w2', 'w1']);
    expect(db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(7);
  });
});

describe('listInbox', () => {
  it('lists newest first with quick filters', () => {
    const list = (opts: Parameters<typeof listInbox>[1]) => listInbox(db, opts).map((i) => i.externalId);
    expect(list({})).toEqual(ALL);
    expect(list({ accountId: 'home' })).toEqual(['h3', 'h2', 'h1']);
    expect(list({ source: 'imap' })).toEqual(['w3', 'w2', 'w1']);
    expect(list({ kind: 'message' })).toEqual(['w4', 'h3']);
    expect(list({ unreadOnly: true })).toEqual(['w4', 'h3', 'w1']);
    expect(list({ unreadOnly: true, accountId: 'work', limit: 1, offset: 1 })).toEqual(['w1']);
    expect(list({ limit: 0 })).toHaveLength(1); // limits are clamped to at least one row
  });
});
