// Small shared bench harness: timing, percentiles, peak RSS, a plain-text table, budget verdicts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs fn and returns [result, elapsed ms]. */
export function timed<T>(fn: () => T): [T, number] {
  const start = nowMs();
  const result = fn();
  return [result, nowMs() - start];
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = nowMs();
  const result = await fn();
  return [result, nowMs() - start];
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);
}

export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? fmt(v, 2) : (v ?? ''));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c])).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(cell(r[c])))));
}

/** One figure a bench reports, with its budget when DESIGN §8 sets one. */
/** run.ts reads a child bench's figures from the line that starts with this. */
export const FIGURES_PREFIX = 'FIGURES ';

export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  budget?: { op: '<=' | '>='; limit: number };
}

export function verdict(f: Figure): string {
  if (!f.budget) return '';
  const ok = f.budget.op === '<=' ? f.value <= f.budget.limit : f.value >= f.budget.limit;
  return `${ok ? 'ok' : 'MISSED'} (${f.budget.op} ${fmt(f.budget.limit, 2)})`;
}

export function printFigures(figures: readonly Figure[]): void {
  printTable(
    'Budgets (DESIGN §8)',
    figures.map((f) => ({ bench: f.bench, metric: f.metric, value: `${fmt(f.value, 2)} ${f.unit}`, budget: verdict(f) })),
  );
}

/** A scratch directory removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
