// Writes, push and failure paths of the IMAP connector against a real Dovecot and an SMTP sink.
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../../connectors/contract/connector.ts';
import { AuthExpired, ProviderUnavailable } from '../../../connectors/contract/errors.ts';
import type { UnifiedEmail } from '../../../connectors/contract/models.ts';
import { readCorpusMessages } from '../../helpers/corpus.ts';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { connect, MemoryStore, otherClient } from './imap-harness.ts';

let dovecot: Dovecot;
let sink: SmtpSink;
let inbox: MemoryStore;

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink();
  await dovecot.seedMessages(dovecot.user, 'INBOX', await readCorpusMessages(60));
  inbox = new MemoryStore();
  const imap = connect(dovecot);
  await inbox.sync(imap, 'INBOX');
  await imap.close();
});
afterAll(async () => {
  await sink?.stop();
  await dovecot?.stop();
});

const smtp = () => ({ smtpHost: '127.0.0.1', smtpPort: sink.port });

describe('imap connector: sending', () => {
  it('sends a threaded reply over SMTP, files it in Sent once, and checkSent finds it', async () => {
    const original = [...inbox.items.values()].find((i) => i.kind === 'email' && i.messageId && i.references.length > 0) as UnifiedEmail;
    const imap = connect(dovecot, smtp());
    const draft: Draft = {
      idempotencyKey: 'outbox-1',
      replyTo: { externalId: original.externalId, conversationId: original.conversationId, item: original },
      to: [original.sender],
      text: 'Thanks, looks good.',
    };
    let submitted = 0;
    const result = await imap.send!(draft, new AbortController().signal, { submitted: () => { submitted++; } });
    expect(submitted).toBe(1);
    expect(sink.messages).toHaveLength(1);
    expect(sink.logins[0]).toEqual({ user: dovecot.user, pass: dovecot.pass });
    const sent = await PostalMime.parse(sink.messages[0]!.raw);
    expect(sent.inReplyTo).toBe(original.messageId);
    expect(sent.references).toBe([...original.references, original.messageId].join(' '));
    expect(sent.subject).toBe(/^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`);
    expect(sink.messages[0]!.envelope.rcptTo.map((r) => r.address)).toEqual([original.sender.address]);

    // The sent copy is the same row the next sync of Sent produces.
    expect(result.stream).toBe('Sent');
    expect(result.item?.kind).toBe('email');
    expect((result.item as UnifiedEmail).messageId).toBe(sent.messageId);
    expect(result.item!.fromMe).toBe(true);
    expect(result.item!.conversationId).toBe(original.conversationId);
    const sentStore = new MemoryStore();
    await sentStore.sync(imap, 'Sent');
    expect([...sentStore.items.keys()]).toEqual([result.externalId]);

    const check = await imap.checkSent!(draft, new AbortController().signal);
    expect(check.status).toBe('sent');
    expect(check.status === 'sent' && check.result.externalId).toBe(result.externalId);
    // fileSent after the fact does not file a second copy, and nothing is sent again.
    const filed = await imap.fileSent!(draft, new AbortController().signal);
    expect(filed.externalId).toBe(result.externalId);
    await sentStore.sync(imap, 'Sent');
    expect(sentStore.items.size).toBe(1);
    expect(sink.messages).toHaveLength(1);
    await imap.close();
  });

  it('checkSent cannot prove a draft never went out (SMTP has no idempotency); fileSent files without sending', async () => {
    const imap = connect(dovecot, smtp());
    const draft: Draft = { idempotencyKey: 'outbox-crashed', to: [{ kind: 'email', address: 'bob@example.test' }], subject: 'Hello', text: 'Hi Bob' };
    expect((await imap.checkSent!(draft, new AbortController().signal)).status).toBe('unknown');
    const before = sink.messages.length;
    const filed = await imap.fileSent!(draft, new AbortController().signal);
    expect(sink.messages.length).toBe(before);
    expect(filed.externalId).toMatch(/^Sent:\d+:\d+$/);
    expect((await imap.checkSent!(draft, new AbortController().signal)).status).toBe('sent');
    await imap.close();
  });

  it('maps an SMTP login rejection to AuthExpired and does not call submitted()', async () => {
    const rejecting = await startSmtpSink({ rejectAuth: true });
    const imap = connect(dovecot, { smtpHost: '127.0.0.1', smtpPort: rejecting.port });
    let submitted = false;
    const draft: Draft = { idempotencyKey: 'outbox-auth', to: [{ kind: 'email', address: 'bob@example.test' }], subject: 'x', text: 'x' };
    await expect(imap.send!(draft, new AbortController().signal, { submitted: () => { submitted = true; } })).rejects.toBeInstanceOf(AuthExpired);
    expect(submitted).toBe(false);
    await rejecting.stop();
    await imap.close();
  });
});

describe('imap connector: markRead, IDLE, identity', () => {
  it('markRead sets and clears \\Seen on the server', async () => {
    const imap = connect(dovecot);
    const target = [...inbox.items.values()].find((i) => i.externalId.endsWith(':2'))!;
    await imap.markRead!([target.externalId], true, new AbortController().signal);
    const other = await otherClient(dovecot);
    await other.mailboxOpen('INBOX');
    const seen = async () => {
      const message = await other.fetchOne('2', { flags: true }, { uid: true });
      return message ? message.flags?.has('\\Seen') : undefined;
    };
    expect(await seen()).toBe(true);
    await imap.markRead!([target.externalId], false, new AbortController().signal);
    expect(await seen()).toBe(false);
    await other.logout();
    await imap.close();
  });

  it('watch() fires onChange for INBOX when mail arrives (IDLE)', async () => {
    const imap = connect(dovecot);
    const changed: string[][] = [];
    let fired!: () => void;
    const arrived = new Promise<void>((resolve) => { fired = resolve; });
    const stop = await imap.watch!((streams) => { changed.push(streams); fired(); }, new AbortController().signal);
    const other = await otherClient(dovecot);
    await other.append('INBOX', (await readCorpusMessages(1, 100))[0]!);
    await other.logout();
    await arrived;
    expect(changed[0]).toEqual(['INBOX']);
    await stop();
    await imap.close();
  });

  it('me() is the configured address; testConnection reports latency and extensions', async () => {
    const imap = connect(dovecot);
    expect(await imap.me!()).toEqual([{ kind: 'email', address: `${dovecot.user}@example.test` }]);
    const test = await imap.testConnection();
    expect(test.ok).toBe(true);
    expect(test.latencyMs).toBeGreaterThanOrEqual(0);
    expect(test.detail).toContain('QRESYNC');
    await imap.close();
  });
});

describe('imap connector: bad input and failures', () => {
  it('keeps malformed MIME with a parse warning instead of dropping it', async () => {
    const deep = `${'Content-Type: multipart/mixed; boundary=b\n\n--b\n'.repeat(80)}Content-Type: text/plain\n\ndeep\n`;
    const truncated = 'From: Eve <eve@example.test>\nSubject: cut off\nMessage-ID: <cut@example.test>\nContent-Type: multipart/alternative; boundary="zz"\n\n--zz\nContent-Type: text/plain\n\npartial body';
    const nested = `From: Mallory <m@example.test>\nSubject: nested\nMessage-ID: <deep@example.test>\n${deep}`;
    const other = await otherClient(dovecot);
    await other.mailboxCreate('Broken');
    await other.append('Broken', Buffer.from(truncated));
    await other.append('Broken', Buffer.from(nested));
    await other.logout();
    const imap = connect(dovecot);
    const store = new MemoryStore();
    await store.sync(imap, 'Broken');
    const items = [...store.items.values()] as UnifiedEmail[];
    expect(items).toHaveLength(2);
    const cut = items.find((i) => i.messageId === '<cut@example.test>')!;
    expect(cut.parseWarning).toMatch(/closing boundary/);
    expect(cut.text).toContain('partial body');
    const deepItem = items.find((i) => i.subject === 'nested')!;
    expect(deepItem.parseWarning).toMatch(/could not be parsed/);
    expect(deepItem.sender.address).toBe('m@example.test');
    expect(deepItem.messageId).toBe('<deep@example.test>');
    await imap.close();
  });

  it('a wrong password is AuthExpired (sync) and a failed test (testConnection)', async () => {
    const imap = connect(dovecot, { password: 'wrong' });
    await expect(imap.streams()).rejects.toBeInstanceOf(AuthExpired);
    const test = await imap.testConnection();
    expect(test.ok).toBe(false);
    expect(test.detail).toMatch(/AuthExpired/);
    await imap.close();
  });

  it('a server that is down is ProviderUnavailable', async () => {
    const down = await startDovecot();
    const imap = connect(down);
    await down.stop();
    await expect(imap.streams()).rejects.toBeInstanceOf(ProviderUnavailable);
    await imap.close();
  });
});
