// Next actions over the demo workspace, synced into a real store by the real orchestrator.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnifiedItem } from '../../../connectors/contract/models.ts';
import type { DemoInstance } from '../../../connectors/demo/index.ts';
import { ConnectorHost } from '../../../electron/main/services/connector-host.ts';
import { createLogger } from '../../../electron/main/services/logger.ts';
import { computeNextActions, dismissAction } from '../../../electron/main/services/next-actions.ts';
import { Orchestrator } from '../../../electron/main/services/orchestrator.ts';
import { MemorySecretStore } from '../../../electron/main/services/secrets.ts';
import { insertAccount } from '../../../electron/main/store/accounts.ts';
import { ChangeBus } from '../../../electron/main/store/changes.ts';
import { openDatabase, writeTransaction, type WriteDb } from '../../../electron/main/store/db.ts';
import { upsertItems } from '../../../electron/main/store/items.ts';

const ANCHOR = '2025-03-01T12:00:00.000Z';
const NOW = Date.parse(ANCHOR);

let dir: string;
let db: WriteDb;
let host: ConnectorHost;
let orchestrator: Orchestrator;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-actions-demo-'));
  db = openDatabase(path.join(dir, 'cache.db'));
  const log = createLogger({ level: 'silent', destination: { write: () => true } });
  host = new ConnectorHost({ db, secrets: new MemorySecretStore(), log, sleep: async () => {} });
  orchestrator = new Orchestrator({ db, bus: new ChangeBus(), host, log });
  insertAccount(db, { id: 'demo-1', connector: 'demo', name: 'Demo', settings: { anchor: ANCHOR, clock: 'anchor', seed: 1 } });
});

afterEach(async () => {
  await orchestrator.stop();
  await host.closeAll();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('next actions over the demo workspace', () => {
  it('finds the hand-placed situations and none of the lookalikes', async () => {
    const report = await orchestrator.syncAccount('demo-1');
    expect(report).toMatchObject({ ok: true, upserted: 2400 });
    const actions = computeNextActions(db, { now: NOW, limit: 500 });
    const keys = new Set(actions.map((a) => a.key));
    for (const key of ['reply:demo-1:slack:c0', 'reply:demo-1:mail:t1', 'reply:demo-1:whatsapp:c2', 'follow-up:demo-1:mail:t3',
      'follow-up:demo-1:teams:c4', 'catch-up:demo-1:slack:c5', 'catch-up:demo-1:whatsapp:c6']) {
      expect(keys, key).toContain(key);
    }
    // Newsletter, phishing, an answered question, the notes, an all-staff email: nothing to do.
    for (const conv of ['mail:t7', 'mail:t8', 'slack:c9', 'onenote:s10', 'mail:t11']) {
      expect(actions.filter((a) => a.conversationId === conv), conv).toEqual([]);
    }
    const reply = actions.find((a) => a.key === 'reply:demo-1:whatsapp:c2');
    expect(reply?.reason).toMatch(/asked you a question 5 hours ago in WhatsApp: “.+\?” — not answered yet\./);
    expect(actions.every((a) => a.reason.length > 20 && a.itemIds.length > 0)).toBe(true);
  });

  it('a reply sent through the connector clears the suggestion; a dismissed one returns when something new arrives', async () => {
    await orchestrator.syncAccount('demo-1');
    const { instance } = await host.get('demo-1');
    const demo = instance as DemoInstance;
    const sent = await demo.send({ idempotencyKey: 'k1', replyTo: { externalId: 'slack:c0/5', conversationId: 'slack:c0' }, to: [], text: 'Here it is.' }, new AbortController().signal);
    await orchestrator.syncAccount('demo-1');
    const after = computeNextActions(db, { now: NOW + 60_000, limit: 500 });
    expect(after.map((a) => a.key)).not.toContain('reply:demo-1:slack:c0');
    expect(sent.item?.fromMe).toBe(true);

    dismissAction(db, 'reply:demo-1:mail:t1', NOW);
    expect(computeNextActions(db, { now: NOW, limit: 500 }).map((a) => a.key)).not.toContain('reply:demo-1:mail:t1');
    // Written the way the orchestrator writes a batch: a new inbound message in that thread.
    const thread: UnifiedItem[] = [];
    for await (const batch of demo.sync('mail', undefined, new AbortController().signal)) {
      thread.push(...batch.upserts.filter((i) => i.conversationId === 'mail:t1'));
    }
    const last = thread.at(-1);
    expect(last).toBeDefined();
    writeTransaction(db, () => upsertItems(db, 'demo-1', [{ ...last!, externalId: 'mail:t1/new', sentAt: new Date(NOW - 60_000).toISOString() }], { stream: 'mail', generation: 0 }));
    expect(computeNextActions(db, { now: NOW, limit: 500 }).map((a) => a.key)).toContain('reply:demo-1:mail:t1');
  });
});
