// Bench: computeNextActions over the demo workspace at 100,000 items (the UI bench size), filled
// the way the orchestrator writes (writeTransaction + upsertItems + saveCursor per batch).
// Budget from the next-actions brief: well under 100 ms.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../connectors/contract/runtime.ts';
import { demoConnector, type DemoInstance } from '../../connectors/demo/index.ts';
import { parseSettings } from '../../connectors/registry.ts';
import { computeNextActions } from '../../electron/main/services/next-actions.ts';
import { insertAccount, setAccountMe } from '../../electron/main/store/accounts.ts';
import { openDatabase, writeTransaction } from '../../electron/main/store/db.ts';
import { patchItems, upsertConversations, upsertItems, deleteItems } from '../../electron/main/store/items.ts';
import { saveCursor } from '../../electron/main/store/sync-state.ts';
import { type Figure, median, percentile, printFigures, printTable, scratchDir, timed, FIGURES_PREFIX } from './lib.ts';

const SIZE = Number(process.env.BENCH_ACTIONS_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_ACTIONS_RUNS ?? 30);
const ANCHOR = '2025-03-01T12:00:00.000Z';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export async function benchNextActions(): Promise<Figure[]> {
  const scratch = scratchDir('switchboard-actions');
  try {
    const db = openDatabase(path.join(scratch.dir, 'cache.db'));
    const signal = new AbortController().signal;
    const demo = demoConnector.create({
      accountId: 'demo', settings: parseSettings(demoConnector, { size: SIZE, anchor: ANCHOR, pageSize: 1000 }), log: silent, signal,
      secrets: { get: async () => undefined, set: async () => {} }, call: (_op, fn) => fn(signal), fetch: () => Promise.reject(new Error('no http')),
    }) as DemoInstance;
    insertAccount(db, { id: 'demo', connector: 'demo', name: 'Demo', settings: {} });
    setAccountMe(db, 'demo', await demo.me());
    const [, fillMs] = await (async () => {
      const started = performance.now();
      for (const { id } of await demo.streams()) {
        for await (const batch of demo.sync(id, undefined, signal)) {
          writeTransaction(db, () => {
            upsertConversations(db, 'demo', batch.conversations ?? []);
            upsertItems(db, 'demo', batch.upserts, { stream: id, generation: 0 });
            patchItems(db, 'demo', batch.patches ?? []);
            deleteItems(db, 'demo', batch.deletions);
            saveCursor(db, 'demo', id, batch.cursor);
          });
        }
      }
      return [undefined, performance.now() - started] as const;
    })();
    db.pragma('optimize');
    const now = Date.parse(ANCHOR);
    const samples: number[] = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const [actions, ms] = timed(() => computeNextActions(db, { now }));
      samples.push(ms);
      count = actions.length;
    }
    printTable(`Next actions over the demo workspace (${SIZE.toLocaleString('en-US')} items, ${RUNS} runs)`, [
      { fill: `${(fillMs / 1000).toFixed(1)} s`, actions: count, 'p50 ms': median(samples), 'p95 ms': percentile(samples, 95) },
    ]);
    db.close();
    return [
      { bench: 'next-actions', metric: `compute p50 (${SIZE} items)`, value: median(samples), unit: 'ms', budget: { op: '<=', limit: 100 } },
      { bench: 'next-actions', metric: `compute p95 (${SIZE} items)`, value: percentile(samples, 95), unit: 'ms' },
    ];
  } finally {
    if (!process.env.BENCH_KEEP) scratch.remove(); else console.log(scratch.dir);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchNextActions();
  printFigures(figures);
  console.log(`${FIGURES_PREFIX}${JSON.stringify(figures)}`);
}
