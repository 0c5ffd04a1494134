// `kill -9` during a real IMAP sync started from the CLI, then a restart: the cache is intact, holds no
// duplicates, and the second run fetches only what the first did not commit (it resumes, not restarts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { readCorpusMessages } from '../../helpers/corpus.ts';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts';

const SEEDED = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dataDir: string;
let dovecot: Dovecot;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-crash-'));
  dovecot = await startDovecot();
  await dovecot.seedMessages(dovecot.user, 'INBOX', await readCorpusMessages(SEEDED, 5000));
});

afterAll(async () => {
  await dovecot?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function inspect() {
  const db = new Database(path.join(dataDir, 'switchboard.db'), { readonly: true });
  try {
    const one = <T>(sql: string) => db.prepare(sql).get() as T;
    return {
      integrity: one<{ integrity_check: string }>('PRAGMA integrity_check').integrity_check,
      items: one<{ n: number }>('SELECT count(*) AS n FROM items').n,
      fts: one<{ n: number }>('SELECT count(*) AS n FROM items_fts').n,
      cursor: one<{ cursor: string | null } | undefined>("SELECT cursor FROM sync_state WHERE stream = 'INBOX'")?.cursor ?? null,
    };
  } finally {
    db.close();
  }
}

it('survives SIGKILL mid-sync and resumes from the last committed batch', async () => {
  const env = { SWITCHBOARD_IMAP_PASSWORD: dovecot.pass };
  const add = await runCli(['accounts', 'add', 'imap', '--host', '127.0.0.1', '--port', String(dovecot.port), '--tls', 'none',
    '--user', dovecot.user, '--email', 'alice@example.org'], { dataDir, env });
  expect(add.code, add.stderr).toBe(0);

  const killed = await runCli(['sync'], {
    dataDir,
    env,
    onSpawn(child) {
      // Kill once some batches are committed but well before the end.
      const poll = async () => {
        while (child.exitCode === null) {
          await sleep(50);
          try {
            if (inspect().items >= 500) {
              child.kill('SIGKILL');
              return;
            }
          } catch {
            // The database may not exist yet.
          }
        }
      };
      void poll();
    },
  });
  expect(killed.signal).toBe('SIGKILL');

  const after = inspect();
  expect(after.integrity).toBe('ok');
  expect(after.items).toBeGreaterThanOrEqual(500);
  expect(after.items).toBeLessThan(SEEDED);
  expect(after.fts).toBe(after.items);
  expect(after.cursor).not.toBeNull();

  const resumed = await runCli(['sync'], { dataDir, env });
  expect(resumed.code, resumed.stderr).toBe(0);
  const fetched = Number(/: (\d+) new or changed/.exec(resumed.stdout)?.[1]);
  // Only what the killed run had not committed: nothing is fetched twice.
  expect(fetched).toBe(SEEDED - after.items);

  const final = inspect();
  expect(final).toMatchObject({ integrity: 'ok', items: SEEDED, fts: SEEDED });
  const again = await runCli(['sync'], { dataDir, env });
  expect(again.stdout).toMatch(/: 0 new or changed, 0 updated, 0 removed/);
});
