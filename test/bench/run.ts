// `npm run bench`: every bench in sequence, then one table of figures against DESIGN §8's budgets.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIngest } from './ingest.ts';
import { type Figure, peakRssMb, printFigures } from './lib.ts';
import { benchSearch } from './search.ts';

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
  const mod = (await import(imapBench)) as { benchImapSync?: () => Promise<Figure[]> };
  if (mod.benchImapSync) figures.push(...(await mod.benchImapSync()));
  else console.log('skipped: test/bench/imap-sync.ts has no benchImapSync() export yet');
} else {
  console.log('skipped: test/bench/imap-sync.ts is not there yet');
}

figures.push({ bench: 'run', metric: 'peak RSS of the bench process', value: peakRssMb(), unit: 'MB' });
printFigures(figures);
