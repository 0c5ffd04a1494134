// Full IMAP sync of the real corpus (37,710 messages) from a local Dovecot into an empty cache,
// committed per batch the way the orchestrator does (DESIGN §8: ≥1,300 msg/s, ≤300 MB RSS, and a
// second sync with nothing new under 2 s). Run alone: npx node test/bench/imap-sync.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorInstance } from '../../connectors/contract/connector.ts';
import { createImapInstance, imapConnector } from '../../connectors/imap/index.ts';
import { insertAccount } from '../../electron/main/store/accounts.ts';
import { openDatabase, writeTransaction, type WriteDb } from '../../electron/main/store/db.ts';
import { countItems, deleteItems, patchItems, upsertItems } from '../../electron/main/store/items.ts';
import { getStreamState, saveCursor } from '../../electron/main/store/sync-state.ts';
import { CORPUS_SIZE, corpusDir, stripMboxFrom } from '../helpers/corpus.ts';
import { folderRoot, seedMaildir, startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { testRuntime } from '../helpers/test-runtime.ts';
import { createParsePool } from '../../connectors/imap/parse-pool.ts';

const ACCOUNT = 'bench-imap';
const STREAM = 'INBOX';

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

async function syncInto(db: WriteDb, imap: ConnectorInstance): Promise<{ upserted: number; batches: number }> {
  const state = getStreamState(db, ACCOUNT, STREAM);
  const generation = state?.generation ?? 1;
  let upserted = 0;
  let batches = 0;
  for await (const batch of imap.sync(STREAM, state?.cursor, new AbortController().signal)) {
    writeTransaction(db, () => {
      if (batch.upserts.length) upsertItems(db, ACCOUNT, batch.upserts, { stream: STREAM, generation });
      if (batch.patches?.length) patchItems(db, ACCOUNT, batch.patches);
      if (batch.deletions.length) deleteItems(db, ACCOUNT, batch.deletions);
      saveCursor(db, ACCOUNT, STREAM, batch.cursor);
    });
    upserted += batch.upserts.length;
    batches++;
  }
  return { upserted, batches };
}

export async function benchImapSync(opts: { messages?: number } = {}): Promise<Record<string, number | string>> {
  const total = opts.messages ?? CORPUS_SIZE;
  const dovecot = await startDovecot();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-imap-'));
  // Knobs for tuning runs: SB_PARSE_WORKERS, SB_WORKER_OLD_MB, SB_WORKER_YOUNG_MB, SB_BATCH.
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const pool = createParsePool(env('SB_PARSE_WORKERS'), { oldMb: env('SB_WORKER_OLD_MB'), youngMb: env('SB_WORKER_YOUNG_MB') });
  try {
    let t = performance.now();
    await seedCorpus(dovecot, total);
    const seedSeconds = (performance.now() - t) / 1000;

    const settings = imapConnector.manifest.settings.parse({
      host: dovecot.host, port: dovecot.port, tls: 'none', user: dovecot.user, password: dovecot.pass, email: 'alice@example.test',
    }) as Record<string, unknown>;
    // A real server has its index already: let Dovecot index the fresh Maildir before timing.
    t = performance.now();
    const warm = createImapInstance(testRuntime(imapConnector.manifest, settings));
    await warm.testConnection();
    await warm.streams();
    const it = warm.sync(STREAM, undefined, new AbortController().signal)[Symbol.asyncIterator]();
    await it.next(); // the SELECT
    await it.return?.(undefined);
    await warm.close();
    const indexSeconds = (performance.now() - t) / 1000;

    const db = openDatabase(path.join(tmp, 'cache.db'));
    insertAccount(db, { id: ACCOUNT, connector: 'imap', name: 'bench', settings: {} });
    const batchSize = process.env.SB_BATCH ? Number(process.env.SB_BATCH) : undefined;
    const imap = createImapInstance(testRuntime(imapConnector.manifest, settings), { parse: pool.parse, ...(batchSize ? { batchSize } : {}) });

    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = process.memoryUsage().rss;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peakRss) { peakRss = m.rss; atPeak = m; }
    }, 25);
    t = performance.now();
    const first = await syncInto(db, imap);
    const fullSeconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    t = performance.now();
    const second = await syncInto(db, imap);
    const secondSeconds = (performance.now() - t) / 1000;
    const cached = countItems(db, ACCOUNT);
    await imap.close();
    db.close();
    return {
      messages: total,
      'cached items': cached,
      'seed s (Maildir write)': Number(seedSeconds.toFixed(2)),
      'server index s (not timed)': Number(indexSeconds.toFixed(2)),
      'full sync s': Number(fullSeconds.toFixed(2)),
      'full sync msg/s': Math.round(first.upserted / fullSeconds),
      'full sync batches': first.batches,
      'RSS MB before sync': Math.round(rssBefore / 1e6),
      'peak RSS MB (during sync)': Math.round(peakRss / 1e6),
      'at peak: V8 heap MB': Math.round(atPeak.heapTotal / 1e6),
      'at peak: buffers MB': Math.round(atPeak.arrayBuffers / 1e6),
      'process max RSS MB': Math.round(process.resourceUsage().maxRSS / 1024),
      'second sync s (no change)': Number(secondSeconds.toFixed(3)),
      'second sync upserts': second.upserted,
      'parse workers': pool.size,
    };
  } finally {
    await pool.close();
    await dovecot.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--seed') {
  await seedChild(process.argv[3]!, Number(process.argv[4]));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(await benchImapSync(n ? { messages: n } : {}));
}
