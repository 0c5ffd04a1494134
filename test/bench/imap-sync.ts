// Full IMAP sync of the real corpus (37,710 messages) from a local Dovecot into an empty cache,
// through the same pipeline as `npm run cli -- sync`: the accounts service, the connector host and the
// orchestrator, with the IMAP connector's own parse workers (DESIGN §8: ≥1,300 msg/s, ≤300 MB RSS,
// and a second sync with nothing new under 2 s). Run alone: npx node test/bench/imap-sync.ts [count]
// (run.ts starts it in its own process, with the CLI's Node flags, so other benches' memory is not counted).
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { createImapInstance, imapConnector } from '../../connectors/imap/index.ts';
import { createApp } from '../../electron/main/app.ts';
import { addAccount } from '../../electron/main/services/accounts.ts';
import { createLogger } from '../../electron/main/services/logger.ts';
import { MemorySecretStore } from '../../electron/main/services/secrets.ts';
import { countItems } from '../../electron/main/store/items.ts';
import { CORPUS_SIZE, corpusDir, stripMboxFrom } from '../helpers/corpus.ts';
import { folderRoot, seedMaildir, startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { testRuntime } from '../helpers/test-runtime.ts';
import { type Figure, FIGURES_PREFIX, printTable } from './lib.ts';

const STREAM = 'INBOX';

// The figures DESIGN §8 budgets, with their limits.
const IMAP_BUDGETS: Record<string, Figure['budget']> = {
  'full sync msg/s': { op: '>=', limit: 1300 },
  'peak RSS MB (during sync)': { op: '<=', limit: 300 },
  'second sync s (no change)': { op: '<=', limit: 2 },
};

function imapFigures(result: Record<string, number | string>): Figure[] {
  return Object.entries(IMAP_BUDGETS).flatMap(([metric, budget]) => {
    const value = result[metric];
    return typeof value === 'number' ? [{ bench: 'imap-sync', metric, value, unit: '', ...(budget ? { budget } : {}) }] : [];
  });
}

/** Seeds in a child process, so file buffers of 300 MB of mail do not count in the sync's RSS. */
async function seedCorpus(dovecot: Dovecot, count: number): Promise<void> {
  const root = folderRoot(dovecot.maildir(dovecot.user), 'INBOX');
  await mkdir(root, { recursive: true });
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--seed', root, String(count)], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seeding failed with exit code ${code}`);
}

async function seedChild(root: string, count: number): Promise<void> {
  const dir = await corpusDir();
  const chunk = 1000;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const raws = await Promise.all(Array.from({ length: n }, (_, i) => readFile(path.join(dir, `inmail.${start + i + 1}`)).then(stripMboxFrom)));
    await seedMaildir(root, raws);
  }
}

export async function benchImapSync(opts: { messages?: number } = {}): Promise<Record<string, number | string>> {
  const total = opts.messages ?? CORPUS_SIZE;
  const dovecot = await startDovecot();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-imap-'));
  try {
    let t = performance.now();
    await seedCorpus(dovecot, total);
    const seedSeconds = (performance.now() - t) / 1000;

    const settings = {
      host: dovecot.host, port: dovecot.port, tls: 'none', user: dovecot.user, password: dovecot.pass, email: 'alice@example.test',
    };
    // A real server has its index already: let Dovecot index the fresh Maildir before timing.
    t = performance.now();
    const warm = createImapInstance(testRuntime(imapConnector.manifest, imapConnector.manifest.settings.parse(settings) as Record<string, unknown>));
    await warm.testConnection();
    await warm.streams();
    const it = warm.sync(STREAM, undefined, new AbortController().signal)[Symbol.asyncIterator]();
    await it.next(); // the SELECT
    await it.return?.(undefined);
    await warm.close();
    const indexSeconds = (performance.now() - t) / 1000;

    const app = await createApp({ dataDir: tmp, secrets: new MemorySecretStore(), log: createLogger({ level: 'warn' }) });
    const account = await addAccount(app, { connector: 'imap', settings });
    let batches = 0;
    app.bus.on((event) => {
      if (event.kind === 'items') batches++;
    });

    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = process.memoryUsage().rss;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peakRss) { peakRss = m.rss; atPeak = m; }
    }, 25);
    t = performance.now();
    const first = await app.orchestrator.syncAccount(account.id);
    const fullSeconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!first.ok) throw new Error(`sync failed: ${first.error}`);

    t = performance.now();
    const second = await app.orchestrator.syncAccount(account.id);
    const secondSeconds = (performance.now() - t) / 1000;
    const cached = countItems(app.db, account.id);
    await app.close();
    return {
      messages: total,
      'cached items': cached,
      'seed s (Maildir write)': Number(seedSeconds.toFixed(2)),
      'server index s (not timed)': Number(indexSeconds.toFixed(2)),
      'full sync s': Number(fullSeconds.toFixed(2)),
      'full sync msg/s': Math.round(first.upserted / fullSeconds),
      'full sync batches': batches,
      'RSS MB before sync': Math.round(rssBefore / 1e6),
      'peak RSS MB (during sync)': Math.round(peakRss / 1e6),
      'at peak: V8 heap MB': Math.round(atPeak.heapTotal / 1e6),
      'at peak: buffers MB': Math.round(atPeak.arrayBuffers / 1e6),
      'process max RSS MB': Math.round(process.resourceUsage().maxRSS / 1024),
      'second sync s (no change)': Number(secondSeconds.toFixed(3)),
      'second sync upserts': second.upserted,
    };
  } finally {
    await dovecot.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}


if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--seed') {
  await seedChild(process.argv[3]!, Number(process.argv[4]));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  const result = await benchImapSync(n ? { messages: n } : {});
  printTable('IMAP sync', Object.entries(result).map(([metric, value]) => ({ metric, value })));
  console.log(`${FIGURES_PREFIX}${JSON.stringify(imapFigures(result))}`);
}
