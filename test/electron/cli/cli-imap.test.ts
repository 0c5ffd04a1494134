// The CLI against a real Dovecot loaded with 2,000 corpus messages and a loopback SMTP sink: add the
// account, sync with progress, search with operators, reply with threading headers, and a send killed
// mid-flight that must never reach the sink twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.ts';
import { readCorpusMessages } from '../../helpers/corpus.ts';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

const SEEDED = 2000;
const RIPLEY = 'ripley@stats.ox.ac.uk';

let dataDir: string;
let dovecot: Dovecot;
let sink: SmtpSink;
let seeded: Buffer[];
let accountId = '';

const env = () => ({ SWITCHBOARD_UNDO_SECONDS: '0', SWITCHBOARD_IMAP_PASSWORD: dovecot.pass });
const cli = (...args: string[]) => runCli(args, { dataDir, env: env() });
const json = <T>(r: CliResult): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface Hit {
  id: number;
  subject: string;
  senderAddress: string;
  externalId: string;
  sentAt: string;
}

async function appendOne(raw: Buffer): Promise<void> {
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
  await client.connect();
  await client.append('INBOX', raw);
  await client.logout();
}

/** The seeded message a search hit stands for: same sender, subject and date. */
async function seededFor(hit: Hit) {
  for (const raw of seeded) {
    if (!raw.includes(hit.subject.slice(0, 20))) continue;
    const mail = await simpleParser(raw);
    const from = mail.from?.value[0]?.address?.toLowerCase();
    if (from === hit.senderAddress.toLowerCase() && mail.subject === hit.subject && mail.date?.toISOString() === hit.sentAt) return mail;
  }
  throw new Error(`no seeded message for ${hit.subject}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-imap-'));
  [dovecot, sink, seeded] = await Promise.all([
    startDovecot({ users: [{ user: 'alice', pass: 'Tr0ub4dor-horse-7731' }] }),
    startSmtpSink(),
    readCorpusMessages(SEEDED),
  ]);
  await dovecot.seedMessages(dovecot.user, 'INBOX', seeded);
});

afterAll(async () => {
  await Promise.all([dovecot?.stop(), sink?.stop()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('CLI over IMAP and SMTP', () => {
  it('adds the account with the password from the environment, never on disk in clear', async () => {
    const add = await cli('accounts', 'add', 'imap', '--host', '127.0.0.1', '--port', String(dovecot.port), '--tls', 'none',
      '--user', dovecot.user, '--email', 'alice@example.org', '--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port),
      '--smtp-tls', 'none');
    expect(add.code, add.stderr).toBe(0);
    accountId = /as (\S+)\./.exec(add.stdout)?.[1] ?? '';
    expect(accountId).toBe('imap-alice-example-org');
    expect(add.stdout).toMatch(/Note: .*encrypted/i);
    // Nowhere in the data dir: not the database, not the logs, not the secret file.
    const files = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dataDir, f)).isFile());
    expect(files).toEqual(expect.arrayContaining(['switchboard.db', 'secrets.enc.json', path.join('logs', 'switchboard.log')]));
    for (const file of files) {
      expect(fs.readFileSync(path.join(dataDir, file)).includes(Buffer.from(dovecot.pass)), file).toBe(false);
    }
    const test = await cli('accounts', 'test', accountId);
    expect(test.stdout).toMatch(/^OK in \d+ ms/);
  });

  it('syncs every message, then a second sync finds nothing new', async () => {
    const first = await cli('sync');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/INBOX: \d+/); // progress lines (not a TTY here)
    const accounts = json<{ id: string; items: number; health: { state: string } }[]>(await cli('accounts', 'list', '--json'));
    expect(accounts[0]?.items).toBe(SEEDED);
    expect(accounts[0]?.health.state).toBe('idle');
    const second = await cli('sync');
    expect(second.stdout).toContain(`${accountId}: 0 new or changed, 0 updated, 0 removed`);
  });

  it('search from:ripley@stats.ox.ac.uk regression returns exactly the matching messages', async () => {
    // The oracle: another MIME parser (mailparser) over the same seeded bytes.
    const expected: string[] = [];
    for (const raw of seeded) {
      const mail = await simpleParser(raw);
      const from = mail.from?.value.map((a) => a.address?.toLowerCase()) ?? [];
      if (from.includes(RIPLEY) && /\bregression\b/i.test(`${mail.subject ?? ''}\n${mail.text ?? ''}`)) {
        expected.push(mail.messageId ?? '');
      }
    }
    expect(expected.length).toBeGreaterThan(0);
    const hits = json<Hit[]>(await cli('search', `from:${RIPLEY} regression`, '--json', '--limit', '1000'));
    expect(hits.every((h) => h.senderAddress.toLowerCase() === RIPLEY)).toBe(true);
    expect(hits).toHaveLength(expected.length);
    const all = json<Hit[]>(await cli('search', `from:${RIPLEY}`, '--json', '--limit', '1000'));
    expect(all.length).toBeGreaterThan(hits.length);
  });

  it('replies over SMTP with threading headers, files one copy in Sent and caches it once', async () => {
    const [target] = json<Hit[]>(await cli('search', `from:${RIPLEY} regression`, '--json'));
    expect(target).toBeDefined();
    const original = await seededFor(target as Hit);
    const send = await cli('send', '--reply-to', String(target?.id), '--text', 'Thank you, that answers it.');
    expect(send.code, send.stderr + send.stdout).toBe(0);
    expect(sink.messages).toHaveLength(1);
    const reply = await simpleParser(sink.messages[0]?.raw ?? Buffer.alloc(0));
    expect(reply.inReplyTo).toBe(original.messageId);
    expect([reply.references].flat()).toContain(original.messageId);
    expect(reply.subject).toMatch(/^Re: /);
    expect(sink.messages[0]?.envelope.rcptTo.map((r) => r.address)).toEqual([RIPLEY]);
    await cli('sync');
    const sent = json<Hit[]>(await cli('search', 'in:sent', '--json'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(reply.subject);
  });

  it('a send killed while the SMTP server holds the message is never sent again by itself', async () => {
    const [target] = json<Hit[]>(await cli('search', `from:${RIPLEY}`, '--json'));
    sink.setStall(60_000);
    const before = sink.received.length;
    const killed = await runCli(['send', '--reply-to', String(target?.id), '--text', 'Second thoughts.'], {
      dataDir,
      env: env(),
      onSpawn(child) {
        const timer = setInterval(() => {
          if (sink.received.length > before) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 10);
      },
    });
    sink.setStall(0);
    expect(killed.signal).toBe('SIGKILL');
    // Restart: recovery cannot prove either way (not in Sent, no SMTP receipt), so it asks the user.
    const outbox = json<{ id: string; state: string; lastError: string }[]>(await cli('outbox', '--json'));
    const entry = outbox.find((e) => e.state !== 'sent');
    expect(entry?.state).toBe('unknown');
    expect(entry?.lastError).toMatch(/Sent/);
    await cli('sync');
    await cli('outbox');
    expect(sink.received.length).toBe(before + 1);
    // The user looked, did not find it, and chose to send it again: exactly one more.
    const retry = await cli('outbox', 'retry', entry?.id ?? '');
    expect(retry.code, retry.stderr + retry.stdout).toBe(0);
    expect(sink.received.length).toBe(before + 2);
  });

  it('sync --watch picks up new mail by IDLE push and stops cleanly on Ctrl+C', async () => {
    const [extra] = await readCorpusMessages(1, SEEDED);
    let appended = false;
    let stopped = false;
    const watched = await runCli(['sync', '--watch'], {
      dataDir,
      env: env(),
      onSpawn(child) {
        let seen = '';
        child.stdout?.on('data', (d: Buffer) => {
          seen += d.toString();
          if (!appended && seen.includes('Watching for changes')) {
            appended = true;
            // A new message arriving the way a mail server delivers it; the CLI polls only every 5 min.
            setTimeout(() => void appendOne(extra as Buffer), 1500);
          }
          if (!stopped && /\d\d? new or changed\n/.test(seen.split('Watching for changes')[1] ?? '')) {
            stopped = true;
            child.kill('SIGINT'); // once: a second Ctrl+C is a hard stop, as in any CLI
          }
        });
        setTimeout(() => child.kill('SIGKILL'), 25_000);
      },
    });
    expect(watched.signal, watched.stdout + watched.stderr).toBeNull();
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(new RegExp(`${accountId}: 1 new or changed`));
    expect(watched.stdout).toContain('Stopped.');
    const accounts = json<{ items: number }[]>(await cli('accounts', 'list', '--json'));
    expect(accounts[0]?.items).toBe(SEEDED + 1 + 2); // + the two replies filed in Sent
  });

  it('removing the account removes its stored password', async () => {
    expect((await cli('accounts', 'remove', accountId)).code).toBe(0);
    const secrets = path.join(dataDir, 'secrets.enc.json');
    const remaining = fs.existsSync(secrets) ? (JSON.parse(fs.readFileSync(secrets, 'utf8')) as Record<string, unknown>) : {};
    expect(JSON.stringify(remaining)).not.toContain(accountId);
  });
});
