// A folder recreated on the server (new UIDVALIDITY, every UID reissued) resyncs through the real
// orchestrator and store: messages still there keep their cache rows (matched by Message-ID), the one
// that is gone is removed, the new one is added, and nothing is duplicated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/main/app.ts';
import { addAccount } from '../../../electron/main/services/accounts.ts';
import { silentLogger } from '../../../electron/main/services/logger.ts';
import { MemorySecretStore } from '../../../electron/main/services/secrets.ts';
import { readCorpusMessages } from '../../helpers/corpus.ts';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts';

let dovecot: Dovecot;
let app: App;
let dataDir: string;
let corpus: Buffer[];

async function client(): Promise<ImapFlow> {
  const c = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
  await c.connect();
  return c;
}

async function fillArchive(messages: Buffer[], recreate: boolean): Promise<void> {
  const c = await client();
  // Archive is a special-use folder (synced by default); Dovecot's config keeps its \Archive flag.
  if (recreate) {
    await c.mailboxDelete('Archive');
    await c.mailboxCreate('Archive');
  }
  for (const raw of messages) await c.append('Archive', raw);
  await c.logout();
}

function archiveRows(): { id: number; externalId: string; key: string }[] {
  return app.db
    .prepare("SELECT id, external_id AS externalId, reconcile_key AS key FROM items WHERE stream = 'Archive' ORDER BY id")
    .all() as { id: number; externalId: string; key: string }[];
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-uidvalidity-'));
  [dovecot, corpus] = await Promise.all([startDovecot(), readCorpusMessages(6, 9000)]);
  app = await createApp({ dataDir, secrets: new MemorySecretStore(), log: silentLogger() });
});

afterAll(async () => {
  await app?.close();
  await dovecot?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('a UIDVALIDITY change loses nothing and duplicates nothing', async () => {
  await fillArchive(corpus.slice(0, 5), false);
  const account = await addAccount(app, {
    connector: 'imap',
    settings: { host: dovecot.host, port: dovecot.port, tls: 'none', user: dovecot.user, password: dovecot.pass, email: 'alice@example.org' },
  });
  const first = await app.orchestrator.syncAccount(account.id);
  expect(first.ok, first.error).toBe(true);
  expect(first.streams).toContain('Archive');
  const before = archiveRows();
  expect(before).toHaveLength(5);

  // The server drops and recreates the folder: four of the old messages, one gone, one new.
  await fillArchive([...corpus.slice(0, 4), corpus[5] as Buffer], true);
  const second = await app.orchestrator.syncAccount(account.id);
  expect(second.ok, second.error).toBe(true);

  const after = archiveRows();
  expect(after).toHaveLength(5);
  const byKey = new Map(before.map((r) => [r.key, r]));
  const kept = after.filter((r) => byKey.has(r.key));
  expect(kept).toHaveLength(4);
  for (const row of kept) {
    expect(row.id).toBe(byKey.get(row.key)?.id); // same cache row: dismissals, outbox links survive
    expect(row.externalId).not.toBe(byKey.get(row.key)?.externalId); // re-keyed to the new UIDVALIDITY
  }
  const gone = before.find((r) => !after.some((a) => a.key === r.key));
  expect(gone).toBeDefined();
  expect(app.db.prepare('SELECT count(*) AS n FROM items_fts WHERE rowid = ?').get(gone?.id)).toEqual({ n: 0 });

  const third = await app.orchestrator.syncAccount(account.id);
  expect(third).toMatchObject({ ok: true, upserted: 0, deleted: 0 });
});
