// The CLI end to end over the demo source: usage errors, accounts, sync, search, actions, send, outbox.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';

let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-'));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli(args, { dataDir, env: { SWITCHBOARD_UNDO_SECONDS: '0' } });

describe('usage errors', () => {
  it('prints the usage and exits 2 without a command', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: npm run cli');
  });

  it('--help exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('accounts add imap');
  });

  it.each([
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [['search'], 'Missing argument'],
    [['sync', '--bogus'], "Unknown option '--bogus'"],
    [['accounts'], 'accounts needs a command'],
    [['accounts', 'add'], 'accounts add needs a connector'],
    [['send', '--text', 'hi'], 'send needs --reply-to'],
    [['search', 'x', '--limit', 'many'], '--limit must be a whole number'],
  ])('%j → usage and exit 2, no stack trace', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the missing or invalid setting and the unknown connector', async () => {
    const missing = await cli('accounts', 'add', 'imap', '--port', '993');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/setting "host" is missing/);
    const unknown = await cli('accounts', 'add', 'carrier-pigeon');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown connector "carrier-pigeon"');
    expect(unknown.stderr).toContain('imap');
    const bad = await cli('accounts', 'add', 'demo', '--size', '5');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/setting "size" is invalid/);
  });

  it('a malformed search query gets a clear message, not an SQL error', async () => {
    const r = await cli('search', '(from:ana');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"\(" is never closed/);
    expect(r.stderr).not.toMatch(/sqlite|SQL/i);
  });
});

describe('demo workspace through the CLI', () => {
  let accountId = '';

  it('adds, lists and tests the demo account', async () => {
    const add = await cli('accounts', 'add', 'DEMO', '--size', '400', '--anchor', '2026-11-20T12:00:00Z', '--clock', 'anchor');
    expect(add.code, add.stderr).toBe(0);
    accountId = /as (\S+)\./.exec(add.stdout)?.[1] ?? '';
    expect(accountId).toMatch(/^demo/);
    const list = await cli('accounts', 'list', '--json');
    const accounts = JSON.parse(list.stdout) as { id: string; connector: string }[];
    expect(accounts.map((a) => a.id)).toEqual([accountId]);
    const test = await cli('accounts', 'test', accountId);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^OK in \d+ ms/);
  });

  it('syncs with progress and a second sync finds nothing new', async () => {
    const first = await cli('sync');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`${accountId}: \\d+ new or changed`));
    const n = Number(/: (\d+) new or changed/.exec(first.stdout)?.[1]);
    expect(n).toBeGreaterThanOrEqual(400);
    const second = await cli('sync', '--account', accountId);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`${accountId}: 0 new or changed`);
  });

  it('searches with operators and prints JSON', async () => {
    const all = await cli('search', 'kind:message', '--json', '--limit', '1000');
    const messages = JSON.parse(all.stdout) as { kind: string; source: string }[];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.kind === 'message')).toBe(true);
    const slack = await cli('search', 'source:slack', '--json');
    const slackItems = JSON.parse(slack.stdout) as { source: string }[];
    expect(slackItems.length).toBeGreaterThan(0);
    expect(slackItems.every((m) => m.source === 'slack')).toBe(true);
    const none = await cli('search', 'zzqxnonexistentword');
    expect(none.stdout).toContain('No results.');
  });

  it('lists next actions with a reason, and dismiss hides one', async () => {
    const r = await cli('actions', '--json');
    expect(r.code, r.stderr).toBe(0);
    const actions = JSON.parse(r.stdout) as { key: string; reason: string; itemIds: number[] }[];
    expect(actions.length).toBeGreaterThan(0);
    expect(actions[0]?.reason.length).toBeGreaterThan(10);
    const key = actions[0]?.key ?? '';
    expect((await cli('actions', 'dismiss', key)).code).toBe(0);
    const after = JSON.parse((await cli('actions', '--json')).stdout) as { key: string }[];
    expect(after.map((a) => a.key)).not.toContain(key);
  });

  it('sends a reply through the outbox and lists it', async () => {
    const found = JSON.parse((await cli('search', 'kind:email -in:sent', '--json')).stdout) as { id: number }[];
    const target = found[0]?.id;
    expect(target).toBeDefined();
    const send = await cli('send', '--reply-to', String(target), '--text', 'Thanks, will do.');
    expect(send.code, send.stderr + send.stdout).toBe(0);
    expect(send.stdout).toMatch(/Sent/);
    const outbox = JSON.parse((await cli('outbox', '--json')).stdout) as { state: string; draft: { text: string } }[];
    expect(outbox.filter((e) => e.state === 'sent').map((e) => e.draft.text)).toEqual(['Thanks, will do.']);
    const hits = JSON.parse((await cli('search', '"Thanks, will do"', '--json')).stdout) as { fromMe: boolean }[];
    expect(hits).toHaveLength(1);
    expect(hits[0]?.fromMe).toBe(true);
  });

  it('removes the account and its cache', async () => {
    const r = await cli('accounts', 'remove', accountId);
    expect(r.code).toBe(0);
    const list = JSON.parse((await cli('accounts', 'list', '--json')).stdout) as unknown[];
    expect(list).toEqual([]);
    const search = await cli('search', 'kind:message', '--json');
    expect(JSON.parse(search.stdout)).toEqual([]);
  });
});
