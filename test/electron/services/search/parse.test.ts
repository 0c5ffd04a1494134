// The search language: every operator, negation, OR, parentheses, phrases, prefixes, and errors with columns.
import { describe, expect, it } from 'vitest';
import { parseQuery, SearchSyntaxError } from '../../../../electron/main/services/search/parse.ts';

const NOW = new Date(2024, 5, 15, 14, 30).getTime(); // 15 June 2024, local time
const parse = (q: string) => parseQuery(q, { now: NOW });
const word = (value: string, field = 'any', extra: object = {}) => ({ type: 'text', field, value, phrase: false, prefix: false, ...extra });

function syntaxError(q: string): SearchSyntaxError {
  try {
    parse(q);
  } catch (error) {
    expect(error).toBeInstanceOf(SearchSyntaxError);
    return error as SearchSyntaxError;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('parseQuery: terms', () => {
  it('free words are an implicit AND; empty or punctuation-only input matches everything', () => {
    expect(parse('invoice march')).toEqual({ type: 'and', children: [word('invoice'), word('march')] });
    expect(parse('invoice AND march')).toEqual(parse('invoice march'));
    expect(parse('')).toEqual({ type: 'all' });
    expect(parse('   * - & ')).toEqual({ type: 'all' });
    expect(parse('e-mail')).toEqual(word('e-mail'));
  });

  it('quoted phrases and prefixes', () => {
    expect(parse('"quarterly report"')).toEqual(word('quarterly report', 'any', { phrase: true }));
    expect(parse('inv*')).toEqual(word('inv', 'any', { prefix: true }));
    expect(parse('"mailing li"*')).toEqual(word('mailing li', 'any', { phrase: true, prefix: true }));
    expect(parse('"mailing li*"')).toEqual(parse('"mailing li"*'));
  });

  it('text operators: from, to, subject, with words, quoted values and prefixes', () => {
    expect(parse('from:ana@example.com')).toEqual(word('ana@example.com', 'from'));
    expect(parse('FROM:"Ana López"')).toEqual(word('Ana López', 'from', { phrase: true }));
    expect(parse('to:bob')).toEqual(word('bob', 'to'));
    expect(parse('subject:inv*')).toEqual(word('inv', 'subject', { prefix: true }));
    expect(parse('from:me')).toEqual({ type: 'from-me' });
    expect(parse('from:"me"')).toEqual(word('me', 'from', { phrase: true }));
  });

  it('filter operators', () => {
    expect(parse('source:slack')).toEqual({ type: 'source', sources: ['slack'] });
    expect(parse('source:email')).toEqual({ type: 'source', sources: ['gmail', 'outlook', 'imap'] });
    expect(parse('source:mail')).toEqual(parse('source:email'));
    expect(parse('kind:chat')).toEqual({ type: 'kind', kind: 'message' });
    expect(parse('kind:note')).toEqual({ type: 'kind', kind: 'note' });
    expect(parse('in:Inbox')).toEqual({ type: 'folder', folder: 'inbox' });
    expect(parse('in:"Project X"')).toEqual({ type: 'folder', folder: 'project x' });
    for (const flag of ['unread', 'read', 'starred', 'unstarred']) expect(parse(`is:${flag}`)).toEqual({ type: 'flag', flag });
    expect(parse('has:attachment')).toEqual({ type: 'has-attachment' });
    expect(parse('has:attachments')).toEqual({ type: 'has-attachment' });
    expect(parse('account:work')).toEqual({ type: 'account', account: 'work' });
  });

  it('dates: absolute local days and relative spans', () => {
    const day = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime();
    expect(parse('after:2024-03-01')).toEqual({ type: 'date', op: 'after', at: day(2024, 3, 1), text: '2024-03-01' });
    expect(parse('before:2024/3/5')).toMatchObject({ op: 'before', at: day(2024, 3, 5) });
    expect(parse('after:today')).toMatchObject({ at: day(2024, 6, 15) });
    expect(parse('after:yesterday')).toMatchObject({ at: day(2024, 6, 14) });
    expect(parse('after:7d')).toMatchObject({ at: day(2024, 6, 8) });
    expect(parse('after:2w')).toMatchObject({ at: day(2024, 6, 1) });
    expect(parse('after:3m')).toMatchObject({ at: day(2024, 3, 15) });
    expect(parse('before:1y')).toMatchObject({ op: 'before', at: day(2023, 6, 15) });
  });
});

describe('parseQuery: structure', () => {
  it('negation of words, phrases, operators and groups', () => {
    expect(parse('-spam')).toEqual({ type: 'not', child: word('spam') });
    expect(parse('-"out of office"')).toEqual({ type: 'not', child: word('out of office', 'any', { phrase: true }) });
    expect(parse('-from:x')).toEqual({ type: 'not', child: word('x', 'from') });
    expect(parse('-(a OR b)')).toEqual({ type: 'not', child: { type: 'or', children: [word('a'), word('b')] } });
    expect(parse('a - b')).toEqual({ type: 'and', children: [word('a'), word('b')] });
  });

  it('OR binds looser than the implicit AND; parentheses group; "or" in lower case is a word', () => {
    expect(parse('a b OR c')).toEqual({ type: 'or', children: [{ type: 'and', children: [word('a'), word('b')] }, word('c')] });
    expect(parse('a (b OR c)')).toEqual({ type: 'and', children: [word('a'), { type: 'or', children: [word('b'), word('c')] }] });
    expect(parse('a OR b OR c')).toEqual({ type: 'or', children: [word('a'), word('b'), word('c')] });
    expect(parse('a or b')).toEqual({ type: 'and', children: [word('a'), word('or'), word('b')] });
    expect(parse('((a))')).toEqual(word('a'));
  });

  it('combines everything', () => {
    expect(parse('from:ana (invoice OR receipt) -draft is:unread after:7d source:gmail')).toEqual({
      type: 'and',
      children: [
        word('ana', 'from'),
        { type: 'or', children: [word('invoice'), word('receipt')] },
        { type: 'not', child: word('draft') },
        { type: 'flag', flag: 'unread' },
        { type: 'date', op: 'after', at: new Date(2024, 5, 8).getTime(), text: '7d' },
        { type: 'source', sources: ['gmail'] },
      ],
    });
  });

  it('ordinary words that contain a colon stay words', () => {
    expect(parse('10:30 re:')).toEqual({ type: 'and', children: [word('10:30'), word('re:')] });
    expect(parse('https://example.com')).toEqual(word('https://example.com'));
  });
});

describe('parseQuery: errors name the problem and its column', () => {
  const cases: [string, RegExp, number][] = [
    ['(invoice', /"\(" is never closed/, 1],
    ['invoice)', /"\)" has no matching "\("/, 8],
    ['a "open phrase', /quote is never closed/, 3],
    ['a OR', /OR needs a term after it/, 3],
    ['OR a', /OR needs a term before it/, 1],
    ['a OR OR b', /OR needs a term after it/, 3],
    ['(a OR) b', /OR needs a term after it/, 4],
    ['a ()', /parentheses are empty/, 3],
    ['foo:bar', /Unknown operator "foo:"/, 1],
    ['is:important', /Unknown is: value "important"/, 4],
    ['has:pdf', /Unknown has: value/, 5],
    ['source:fax', /Unknown source "fax"/, 8],
    ['kind:video', /Unknown kind "video"/, 6],
    ['before:2024-02-30', /"2024-02-30" is not a date/, 8],
    ['after:soon', /"soon" is not a date/, 7],
    ['from: ana', /from: needs a value/, 1],
    ['subject:"!!"', /subject: needs a word/, 9],
    ['x -', /./, 0],
    ['NEAR(', /"\(" is never closed/, 5],
    ['-', /./, 0],
  ];
  it.each(cases)('%s', (q, message, column) => {
    if (column === 0) {
      // A lone trailing "-" is punctuation, not an error.
      expect(() => parse(q)).not.toThrow();
      return;
    }
    const error = syntaxError(q);
    expect(error.message).toMatch(message);
    expect(error.column).toBe(column);
    expect(error.message).toContain(`column ${column}`);
  });
});
