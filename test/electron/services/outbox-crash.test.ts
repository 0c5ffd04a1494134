// A real crash: a child process opens the cache, starts sending, and is killed with SIGKILL inside
// send(). A new Outbox on the same file must settle the entry without a second send.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../electron/main/services/outbox.ts';
import { ChangeBus } from '../../../electron/main/store/changes.ts';
import { ACCOUNT, fakeConnector, openSeeded, sentResult } from '../../fixtures/outbox-setup.ts';

const CHILD = fileURLToPath(new URL('../../fixtures/outbox-crash-child.ts', import.meta.url));
const log = pino({ level: 'silent' });

let dir: string;
let dbFile: string;
let recordFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-crash-'));
  dbFile = path.join(dir, 'cache.db');
  recordFile = path.join(dir, 'provider.log');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Queues one reply with no undo window, then lets a child send it and kills the child inside send(). */
async function crashChildInsideSend(mode: 'after-submit' | 'before-submit'): Promise<string> {
  const { db, itemIds } = openSeeded(dbFile);
  const entry = new Outbox({ db, bus: new ChangeBus(), log, getInstance: () => Promise.reject(new Error('unused')), undoMs: 0 })
    .queueReply({ accountId: ACCOUNT, replyToItemId: itemIds[0]!, text: 'crash me' });
  db.close();
  const child = spawn(process.execPath, [CHILD, dbFile, recordFile, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('in-send') && resolve());
    void exited.then((how) => reject(new Error(`child exited (${String(how)}) before send: ${stderr}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return entry.id;
}

function providerLines(): string[] {
  return existsSync(recordFile) ? readFileSync(recordFile, 'utf8').trim().split('\n').filter(Boolean) : [];
}

/** The restarted app's connector: same provider record; checkSent finds only what was filed in Sent. */
function restartedConnector() {
  const filed = new Set<string>();
  return fakeConnector({
    send: async (draft, hooks) => {
      appendFileSync(recordFile, `send ${draft.idempotencyKey}\n`);
      hooks?.submitted?.();
      return sentResult(draft);
    },
    checkSent: async (draft) => {
      appendFileSync(recordFile, `check ${draft.idempotencyKey}\n`);
      const accepted = providerLines().includes(`send ${draft.idempotencyKey}`);
      return accepted && filed.has(draft.idempotencyKey)
        ? { status: 'sent', result: sentResult(draft) }
        : accepted ? { status: 'unknown' } : { status: 'not-sent' };
    },
    fileSent: async (draft) => {
      appendFileSync(recordFile, `file ${draft.idempotencyKey}\n`);
      filed.add(draft.idempotencyKey);
      return sentResult(draft);
    },
  });
}

describe('outbox after SIGKILL inside send()', () => {
  it('killed after the provider accepted it: recovery files the copy, the provider saw one send', async () => {
    const id = await crashChildInsideSend('after-submit');
    const { db } = openSeeded(dbFile, []);
    const fake = restartedConnector();
    const box = new Outbox({ db, bus: new ChangeBus(), log, getInstance: async () => fake.instance });
    expect(box.get(id)).toMatchObject({ state: 'sending', attempts: 1, submittedAt: expect.any(Number) });
    expect(await box.recover()).toEqual({ sent: [id], requeued: [], unknown: [] });
    await box.flush(Date.now() + 3_600_000);
    expect(providerLines()).toEqual([`send ${id}`, `check ${id}`, `file ${id}`]);
    expect(fake.sends).toHaveLength(0);
    expect(box.get(id)?.state).toBe('sent');
    db.close();
  });

  it('killed before the acceptance was recorded: the provider cannot say, so it waits for the user', async () => {
    const id = await crashChildInsideSend('before-submit');
    const { db } = openSeeded(dbFile, []);
    const fake = restartedConnector();
    const box = new Outbox({ db, bus: new ChangeBus(), log, getInstance: async () => fake.instance });
    expect(box.get(id)).toMatchObject({ state: 'sending', submittedAt: null });
    expect((await box.recover()).unknown).toEqual([id]);
    await box.flush(Date.now() + 3_600_000);
    expect(providerLines().filter((l) => l.startsWith('send'))).toEqual([`send ${id}`]);
    expect(box.get(id)?.state).toBe('unknown');
    db.close();
  });
});
