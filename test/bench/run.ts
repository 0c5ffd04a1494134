// `npm run bench`: every bench in its own process (so one bench's memory never counts in another's
// figures), with the Node flags the CLI runs with, then one table of figures against DESIGN §8.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, FIGURES_PREFIX, printFigures } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
// Same V8 flags as `npm run cli` (package.json): a small young generation keeps sync RSS in budget.
const NODE_FLAGS = ['--expose-gc', '--max-semi-space-size=4'];
const BENCHES = ['ingest', 'search', 'next-actions', 'imap-sync'];

function runBench(name: string): Promise<Figure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, path.join(here, `${name}.ts`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let figures: Figure[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(FIGURES_PREFIX)) figures = JSON.parse(line.slice(FIGURES_PREFIX.length)) as Figure[];
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(figures) : reject(new Error(`bench ${name} exited with ${code}`))));
  });
}

const figures: Figure[] = [];
for (const name of BENCHES) {
  console.log(`\n== ${name} ==`);
  figures.push(...(await runBench(name)));
}
printFigures(figures);
