// The application object: one cache, one change bus, the connectors, the orchestrator and the outbox.
// Built the same way by the CLI, browser mode (serve.ts) and the desktop entry (index.ts).
import fs from 'node:fs';
import { createLogger } from './services/logger.ts';
import { ConnectorHost } from './services/connector-host.ts';
import { Orchestrator } from './services/orchestrator.ts';
import { instanceFromHost, Outbox } from './services/outbox.ts';
import { openSecretStore, type SecretStore } from './services/secrets.ts';
import { ChangeBus } from './store/changes.ts';
import { openDatabase, type WriteDb } from './store/db.ts';
import { databaseFile } from './paths.ts';
import type { Logger } from '../../connectors/contract/runtime.ts';

export interface AppOptions {
  dataDir: string;
  secrets?: SecretStore;
  log?: Logger;
  /** Undo-send window in ms (default 5 s). */
  undoMs?: number;
}

export interface App {
  readonly dataDir: string;
  readonly db: WriteDb;
  readonly bus: ChangeBus;
  readonly secrets: SecretStore;
  readonly log: Logger;
  readonly host: ConnectorHost;
  readonly orchestrator: Orchestrator;
  readonly outbox: Outbox;
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const log = options.log ?? createLogger();
  const db = openDatabase(databaseFile(options.dataDir));
  const bus = new ChangeBus();
  const secrets = options.secrets ?? (await openSecretStore(options.dataDir));
  const host = new ConnectorHost({ db, secrets, log });
  const orchestrator = new Orchestrator({ db, bus, host, log });
  const outbox = new Outbox({
    db,
    bus,
    log,
    getInstance: instanceFromHost(host),
    ...(options.undoMs === undefined ? {} : { undoMs: options.undoMs }),
  });
  return {
    dataDir: options.dataDir,
    db,
    bus,
    secrets,
    log,
    host,
    orchestrator,
    outbox,
    async close() {
      await orchestrator.stop();
      await outbox.stop();
      await host.closeAll();
      db.close();
    },
  };
}
