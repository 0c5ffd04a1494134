// Bench (a): items/s into the cache through upsertItems (its indexes + FTS triggers), against a bare
// better-sqlite3 loop inserting the same rows into a plain table + FTS5 index, in the same run.
// Rounds alternate the two so machine noise hits both alike; the figure is the ratio of medians.
import Database from 'better-sqlite3';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UnifiedEmail } from '../../connectors/contract/models.ts';
import { openDatabase, writeTransaction } from '../../electron/main/store/db.ts';
import { upsertItems } from '../../electron/main/store/items.ts';
import { loadCorpus } from './corpus.ts';
import { addAccounts, batches } from './fixture.ts';
import { type Figure, median, nowMs, printFigures, printTable, scratchDir, FIGURES_PREFIX } from './lib.ts';

/** Wall and CPU ms of fn: CPU time is steadier when other work shares the machine. */
function clock(fn: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const start = nowMs();
  fn();
  const cpu = process.cpuUsage(cpu0);
  return { wall: nowMs() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

const ITEMS = Number(process.env.BENCH_INGEST_ITEMS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 3);

type Batch = { accountId: string; items: UnifiedEmail[] };

function ingestStore(file: string, work: readonly Batch[]): { wall: number; cpu: number } {
  const db = openDatabase(file);
  addAccounts(db);
  const ms = clock(() => {
    for (const { accountId, items } of work) {
      writeTransaction(db, () => upsertItems(db, accountId, items, { stream: 'INBOX', generation: 0 }));
    }
  });
  db.close();
  return ms;
}

// The reference: what this hardware does with no store logic at all. The same row values the store writes
// (every column, snippet and JSON included) into a table with no constraints or secondary indexes, plus the
// same FTS5 definition and tokenizer; same pragmas; values prepared before the clock starts.
const COLUMNS = ['account_id', 'external_id', 'stream', 'kind', 'source', 'conversation_id', 'sent_at', 'sender_address',
  'sender_name', 'recipients', 'participants', 'subject', 'snippet', 'body_text', 'is_unread', 'is_starred', 'from_me',
  'has_attachments', 'folders', 'message_id', 'in_reply_to', 'refs', 'reconcile_key', 'attachments', 'extra',
  'generation', 'updated_at'];

function bareRow(accountId: string, it: UnifiedEmail): unknown[] {
  const ids = (list: UnifiedEmail['recipients']) => list.map((r) => (r.name ? `${r.name} ${r.address}` : r.address)).join(' ');
  const participants = ids([...it.recipients, ...it.cc]);
  return [accountId, it.externalId, 'INBOX', it.kind, it.source, it.conversationId, Date.parse(it.sentAt), it.sender.address,
    it.sender.name ?? '', JSON.stringify(it.recipients), participants, it.subject, it.text.slice(0, 200), it.text,
    Number(it.isUnread), Number(it.isStarred), Number(it.fromMe), Number(it.attachments.length > 0),
    JSON.stringify(it.folders), it.messageId ?? null, it.inReplyTo ?? null, JSON.stringify(it.references),
    it.reconcileKey ?? null, JSON.stringify(it.attachments), JSON.stringify({ cc: it.cc }), 0, Date.now()];
}

function ingestBare(file: string, work: readonly Batch[]): { wall: number; cpu: number } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE rows (id INTEGER PRIMARY KEY, ${COLUMNS.join(', ')});
    CREATE VIRTUAL TABLE rows_fts USING fts5(subject, body, sender, participants, content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2');`);
  const prepared = work.map(({ accountId, items }) => items.map((it) => bareRow(accountId, it)));
  const insert = db.prepare(`INSERT INTO rows (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const insertFts = db.prepare('INSERT INTO rows_fts (rowid, subject, body, sender, participants) VALUES (?, ?, ?, ?, ?)');
  const ms = clock(() => {
    for (const batch of prepared) {
      db.transaction(() => {
        for (const r of batch) {
          const id = insert.run(...r).lastInsertRowid;
          insertFts.run(id, r[11], r[13], `${r[8]} ${r[7]}`, r[10]);
        }
      }).immediate();
    }
  });
  db.close();
  return ms;
}

export async function benchIngest(): Promise<Figure[]> {
  const rows = await loadCorpus(console.log);
  const work = [...batches(rows, ITEMS)];
  const store: { wall: number; cpu: number }[] = [];
  const bare: { wall: number; cpu: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const scratch = scratchDir('switchboard-ingest');
    try {
      const run = [() => bare.push(ingestBare(path.join(scratch.dir, 'bare.db'), work)),
        () => store.push(ingestStore(path.join(scratch.dir, 'store.db'), work))];
      if (round % 2 === 1) run.reverse();
      for (const step of run) step();
    } finally {
      scratch.remove();
    }
  }
  const rate = (ms: number) => ITEMS / (ms / 1000);
  printTable(`Ingest: ${ITEMS.toLocaleString('en-US')} corpus items, batches of 500, ${ROUNDS} rounds (items/s)`,
    store.map((s, i) => ({ round: i + 1, 'store (upsertItems)': rate(s.wall), 'bare loop': rate(bare[i]!.wall),
      ratio: bare[i]!.wall / s.wall, 'store per CPU-s': rate(s.cpu), 'bare per CPU-s': rate(bare[i]!.cpu), 'CPU ratio': bare[i]!.cpu / s.cpu })),
  );
  const storeRate = median(store.map((s) => rate(s.wall)));
  const bareRate = median(bare.map((b) => rate(b.wall)));
  return [
    { bench: 'ingest', metric: 'store items/s (median)', value: storeRate, unit: '/s' },
    { bench: 'ingest', metric: 'bare loop items/s (median)', value: bareRate, unit: '/s' },
    { bench: 'ingest', metric: 'store / bare (wall)', value: storeRate / bareRate, unit: 'x', budget: { op: '>=', limit: 0.7 } },
    { bench: 'ingest', metric: 'store / bare (CPU time)', value: median(store.map((s) => rate(s.cpu))) / median(bare.map((b) => rate(b.cpu))),
      unit: 'x', budget: { op: '>=', limit: 0.7 } },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchIngest();
  printFigures(figures);
  console.log(`${FIGURES_PREFIX}${JSON.stringify(figures)}`);
}
