// MIME parsing (in-thread and in the worker pool) and the compact UID sets the cursor keeps.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../connectors/imap/parse-message.ts';
import { createParsePool } from '../../../connectors/imap/parse-pool.ts';
import { conversationIdOf, normalizeSubject, parseExternalId, reconcileKeyOf } from '../../../connectors/imap/to-email.ts';
import { count, formatUidSet, fromUids, parseUidSet, subtract, union } from '../../../connectors/imap/uid-set.ts';
import { readCorpusMessages } from '../../helpers/corpus.ts';

describe('parse pool', () => {
  it('gives the same result in a worker as in-thread, in order', async () => {
    const raws = await readCorpusMessages(40, 1000);
    const pool = createParsePool(2);
    try {
      const pooled = await pool.parse(raws);
      const direct = await Promise.all(raws.map((r) => parseMessage(r)));
      expect(pooled).toEqual(direct);
    } finally {
      await pool.close();
    }
  });

  it('falls back to headers and raw text when the parser gives up', async () => {
    const raw = Buffer.from(`Subject: hi\nFrom: "Ann" <ann@example.test>\nDate: Tue, 1 May 2007 10:00:00 +0000\n${'Content-Type: multipart/mixed; boundary=b\n\n--b\n'.repeat(80)}x`);
    const parsed = await parseMessage(raw);
    expect(parsed.warning).toMatch(/could not be parsed/);
    expect(parsed.from).toEqual({ address: 'ann@example.test', name: 'Ann' });
    expect(parsed.date).toBe('2007-05-01T10:00:00.000Z');
  });

  it('derives text from HTML-only mail so search has words', async () => {
    const parsed = await parseMessage(Buffer.from('Subject: x\nContent-Type: text/html\n\n<html><style>p{}</style><p>Hello&nbsp;<b>world</b> &amp; you</p></html>'));
    expect(parsed.text).toBe('Hello world & you');
    expect(parsed.html).toContain('<b>world</b>');
  });
});

describe('threading and keys', () => {
  it('uses the References root, then In-Reply-To, then the own Message-ID, then the subject', () => {
    const base = { subject: 'Re: Hello', references: [] as string[] };
    expect(conversationIdOf({ ...base, references: ['<a@x>', '<b@x>'], inReplyTo: '<b@x>', messageId: '<c@x>' })).toBe('<a@x>');
    expect(conversationIdOf({ ...base, inReplyTo: '<b@x>', messageId: '<c@x>' })).toBe('<b@x>');
    expect(conversationIdOf({ ...base, messageId: '<c@x>' })).toBe('<c@x>');
    expect(conversationIdOf(base)).toBe('subject:hello');
    expect(normalizeSubject('RE: Fwd:  [R] Plot  help')).toBe('[r] plot help');
  });

  it('hashes date+from+subject when there is no Message-ID', () => {
    const a = reconcileKeyOf({ subject: 's', to: [], cc: [], references: [], text: '', attachments: [], from: { address: 'a@x' }, date: '2007-01-01T00:00:00.000Z' });
    expect(a).toMatch(/^hash:[0-9a-f]{40}$/);
  });

  it('splits external ids whose folder contains colons', () => {
    expect(parseExternalId('Lists:R-help:123:45')).toEqual({ path: 'Lists:R-help', uidValidity: '123', uid: 45 });
    expect(parseExternalId('nonsense')).toBeUndefined();
  });
});

describe('uid sets', () => {
  it('round-trips, merges and subtracts ranges', () => {
    const a = parseUidSet('1:5,7,9:12');
    expect(formatUidSet(a)).toBe('1:5,7,9:12');
    expect(formatUidSet(union(a, fromUids([6, 8])))).toBe('1:12');
    expect(formatUidSet(subtract(a, parseUidSet('2,4:7,12')))).toBe('1,3,9:11');
    expect(count(a)).toBe(10);
    expect(parseUidSet('0,abc,3')).toEqual([[3, 3]]);
    expect(formatUidSet(fromUids(Array.from({ length: 37_710 }, (_, i) => i + 1)))).toBe('1:37710');
  });
});
