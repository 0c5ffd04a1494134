// A real app over a temp data dir with one synced demo account (300 items), for IPC and server tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../../electron/main/app.ts';
import { addAccount } from '../../../electron/main/services/accounts.ts';
import { createLogger } from '../../../electron/main/services/logger.ts';
import { MemorySecretStore } from '../../../electron/main/services/secrets.ts';

export interface DemoApp {
  app: App;
  accountId: string;
  /** Log lines at error level (a handler bug must show up here, not in the renderer). */
  errors: string[];
  dispose(): Promise<void>;
}

/** A recent anchor, so next actions (which look back from the wall clock) find the demo's situations. */
export function recentAnchor(): string {
  return new Date(Date.now() - 60_000).toISOString();
}

export async function demoApp(prefix: string): Promise<DemoApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `switchboard-${prefix}-`));
  const errors: string[] = [];
  const log = createLogger({
    level: 'error',
    destination: {
      write: (line: string) => {
        errors.push(line);
        return true;
      },
    },
  });
  const app = await createApp({ dataDir, secrets: new MemorySecretStore(), log, undoMs: 60_000 });
  const account = await addAccount(app, { connector: 'demo', name: 'Demo', settings: { size: 300, anchor: recentAnchor(), clock: 'anchor' } });
  const report = await app.orchestrator.syncAccount(account.id);
  if (!report.ok) throw new Error(`demo sync failed: ${report.error}`);
  return {
    app,
    accountId: account.id,
    errors,
    async dispose() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
