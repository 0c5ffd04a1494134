// Shared setup for orchestrator tests: a temp cache, accounts bound to scripted connectors, captured
// logs, recorded waits, and the change events.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertAccount } from '../../../electron/main/store/accounts.ts';
import { ChangeBus, type ChangeEvent } from '../../../electron/main/store/changes.ts';
import { openDatabase, type WriteDb } from '../../../electron/main/store/db.ts';
import { ConnectorHost } from '../../../electron/main/services/connector-host.ts';
import { createLogger } from '../../../electron/main/services/logger.ts';
import { Orchestrator, type OrchestratorDeps } from '../../../electron/main/services/orchestrator.ts';
import { MemorySecretStore } from '../../../electron/main/services/secrets.ts';
import { scriptedConnector, type Script } from '../../fixtures/scripted-connector.ts';

export interface Harness {
  dir: string;
  db: WriteDb;
  bus: ChangeBus;
  events: ChangeEvent[];
  secrets: MemorySecretStore;
  host: ConnectorHost;
  orchestrator: Orchestrator;
  /** Every wait the runtimes asked for (ms), in order; nothing actually waits. */
  waits: number[];
  lines: () => Record<string, unknown>[];
  rawLogs: () => string;
  addAccount(id: string, script: Script, settings?: Record<string, unknown>): void;
  close(): Promise<void>;
}

export function createHarness(opts: Partial<OrchestratorDeps> = {}): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-sync-'));
  const db = openDatabase(path.join(dir, 'cache.db'));
  const bus = new ChangeBus();
  const events: ChangeEvent[] = [];
  bus.on((e) => events.push(e));
  const chunks: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (s: string) => void chunks.push(s) } });
  const secrets = new MemorySecretStore();
  const scripts = new Map<string, Script>();
  const waits: number[] = [];
  const host = new ConnectorHost({
    db,
    secrets,
    log,
    resolve: (id) => {
      const script = scripts.get(id);
      if (!script) throw new Error(`no script ${id}`);
      return scriptedConnector(script);
    },
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const orchestrator = new Orchestrator({ db, bus, host, log, random: () => 0.5, ...opts });
  return {
    dir,
    db,
    bus,
    events,
    secrets,
    host,
    orchestrator,
    waits,
    rawLogs: () => chunks.join(''),
    lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    addAccount(id, script, settings = {}) {
      // One connector id per account: the resolve override maps it to that account's script.
      scripts.set(`scripted-${id}`, script);
      insertAccount(db, { id, connector: `scripted-${id}`, name: `Account ${id}`, settings });
    },
    async close() {
      await orchestrator.stop();
      await host.closeAll();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function itemCount(db: WriteDb, accountId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM items WHERE account_id = ?').get(accountId) as { n: number }).n;
}

export function ftsCount(db: WriteDb): number {
  return (db.prepare('SELECT count(*) AS n FROM items_fts').get() as { n: number }).n;
}

export function duplicateKeys(db: WriteDb): number {
  return (
    db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM items GROUP BY account_id, external_id HAVING count(*) > 1)').get() as {
      n: number;
    }
  ).n;
}
