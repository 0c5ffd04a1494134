// `npm run bench`: every bench in sequence, then one table of figures against DESIGN §8's budgets.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIngest } from './ingest.ts';
import { type Figure, peakRssMb, printFigures, printTable } from './lib.ts';
import { benchSearch } from './search.ts';

// benchImapSync() reports a record of named figures; the ones DESIGN §8 budgets get their limits here.
const IMAP_BUDGETS: Record<string, Figure['budget']> = {
  'full sync msg/s': { op: '>=', limit: 1300 },
  'peak RSS MB (during sync)': { op: '<=', limit: 300 },
  'second sync s (no change)': { op: '<=', limit: 2 },
};

function imapFigures(result: Figure[] | Record<string, number | string>): Figure[] {
  if (Array.isArray(result)) return result;
  printTable('IMAP sync', Object.entries(result).map(([metric, value]) => ({ metric, value })));
  return Object.entries(IMAP_BUDGETS).flatMap(([metric, budget]) => {
    const value = result[metric];
    return typeof value === 'number' ? [{ bench: 'imap-sync', metric, value, unit: '', ...(budget ? { budget } : {}) }] : [];
  });
}

const here = path.dirname(fileURLToPath(import.meta.url));
const figures: Figure[] = [];

console.log('== ingest ==');
figures.push(...(await benchIngest()));
console.log('\n== search ==');
figures.push(...(await benchSearch()));

console.log('\n== imap sync ==');
const imapBench = path.join(here, 'imap-sync.ts');
if (existsSync(imapBench)) {
  // Written by the IMAP work; loaded dynamically so the other benches run without it.
  const mod = (await import(imapBench)) as { benchImapSync?: () => Promise<Figure[] | Record<string, number | string>> };
  if (mod.benchImapSync) figures.push(...imapFigures(await mod.benchImapSync()));
  else console.log('skipped: test/bench/imap-sync.ts has no benchImapSync() export yet');
} else {
  console.log('skipped: test/bench/imap-sync.ts is not there yet');
}

figures.push({ bench: 'run', metric: 'peak RSS of the bench process', value: peakRssMb(), unit: 'MB' });
printFigures(figures);
