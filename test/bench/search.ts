// Bench (b): search latency, first page of 50, over >= 100,000 realistic items (the corpus, cycled),
// in-process, for a fixed query set covering every query class DESIGN §8 budgets.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQuery } from '../../electron/main/services/search/parse.ts';
import { openDatabase } from '../../electron/main/store/db.ts';
import { LATEST_VERSION } from '../../electron/main/store/migrations/index.ts';
import { choosePlan, searchItems } from '../../electron/main/store/search.ts';
import { CACHE_DIR, loadCorpus } from './corpus.ts';
import { buildDatabase } from './fixture.ts';
import { type Figure, median, percentile, printTable, printFigures, timed, FIGURES_PREFIX } from './lib.ts';

const ITEMS = Number(process.env.BENCH_SEARCH_ITEMS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 15);

export const QUERIES: readonly { kind: string; q: string }[] = [
  { kind: 'word', q: 'help' },
  { kind: 'word', q: 'samba' },
  { kind: 'word', q: 'viagra' },
  { kind: 'word', q: 'statistics' },
  { kind: 'phrase', q: '"mailing list"' },
  { kind: 'phrase', q: '"linear model"' },
  { kind: 'from', q: 'from:cnn' },
  { kind: 'from', q: 'from:gmail.com' },
  { kind: 'to', q: 'to:r-help' },
  { kind: 'subject', q: 'subject:samba' },
  { kind: 'subject', q: 'subject:"[R]"' },
  { kind: 'date', q: 'after:2007-05-01 before:2007-05-15' },
  { kind: 'date', q: 'before:2006-01-01' },
  { kind: 'and/or', q: 'linux kernel' },
  { kind: 'and/or', q: 'samba OR perl' },
  { kind: 'and/or', q: 'help -spam is:unread' },
  { kind: 'and/or', q: '(perl OR python) after:2007-01-01' },
  { kind: 'prefix', q: 'stat*' },
  { kind: 'prefix', q: 'pro*' },
];

/** The 100k-item database, built once per schema version and reused (building takes ~30 s). */
async function benchDatabase(): Promise<string> {
  const file = path.join(CACHE_DIR, `search-${ITEMS}-v${LATEST_VERSION}.db`);
  if (existsSync(file)) return file;
  const rows = await loadCorpus(console.log);
  console.log(`search bench: building ${ITEMS.toLocaleString('en-US')} items into ${file}`);
  const tmp = `${file}.${process.pid}.tmp`;
  const [, ms] = timed(() => buildDatabase(tmp, rows, ITEMS).close());
  console.log(`search bench: built in ${(ms / 1000).toFixed(1)} s (${Math.round(ITEMS / (ms / 1000))} items/s)`);
  const { renameSync } = await import('node:fs');
  renameSync(tmp, file);
  for (const ext of ['-wal', '-shm']) rmSync(`${tmp}${ext}`, { force: true });
  return file;
}

export async function benchSearch(): Promise<Figure[]> {
  const db = openDatabase(await benchDatabase(), { readonly: true });
  try {
    const parsed = QUERIES.map(({ kind, q }) => ({ kind, q, ast: parseQuery(q) }));
    const samples = new Map<string, number[]>(parsed.map((p) => [p.q, []]));
    const counts = new Map<string, number>();
    for (const p of parsed) counts.set(p.q, searchItems(db, p.ast).length); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of parsed) samples.get(p.q)!.push(timed(() => searchItems(db, p.ast))[1]);
    }
    printTable(`Search: ${ITEMS.toLocaleString('en-US')} items, first page of 50, ${ROUNDS} rounds (ms)`, parsed.map((p) => ({
      kind: p.kind, query: p.q, plan: choosePlan(db, p.ast), rows: counts.get(p.q)!,
      p50: median(samples.get(p.q)!), p95: percentile(samples.get(p.q)!, 95),
    })));
    const all = [...samples.values()].flat();
    return [
      { bench: 'search', metric: `p50 (${all.length} samples)`, value: median(all), unit: 'ms', budget: { op: '<=', limit: 10 } },
      { bench: 'search', metric: `p95 (${all.length} samples)`, value: percentile(all, 95), unit: 'ms', budget: { op: '<=', limit: 50 } },
    ];
  } finally {
    db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchSearch();
  printFigures(figures);
  console.log(`${FIGURES_PREFIX}${JSON.stringify(figures)}`);
}
