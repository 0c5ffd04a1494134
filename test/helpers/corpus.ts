// The TREC 2007 corpus (../shared/corpus), extracted once to a cache dir shared by tests and benches.
// Never copied into the repo.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CORPUS_SIZE = 37_710;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const archive = path.resolve(repoRoot, '../shared/corpus/trec07p-first37710.tar.xz');
const cacheDir = path.join(os.tmpdir(), 'switchboard-corpus');

let extracting: Promise<string> | undefined;

async function extract(): Promise<string> {
  const dataDir = path.join(cacheDir, 'trec07p', 'data');
  const done = path.join(cacheDir, '.complete');
  if (existsSync(done)) return dataDir;
  // Extract into a private temp dir and rename: parallel test workers never see a half-extracted tree.
  await mkdir(os.tmpdir(), { recursive: true });
  const work = `${cacheDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(work, { recursive: true });
  await run('tar', ['-xJf', archive, '-C', work], { maxBuffer: 1 << 20 });
  try {
    await rename(work, cacheDir);
  } catch {
    // Another worker won the race; its copy is complete once `.complete` exists.
    await rm(work, { recursive: true, force: true });
  }
  await writeFile(done, '');
  return dataDir;
}

/** The folder holding inmail.1 … inmail.37710, extracted on first use. */
export async function corpusDir(): Promise<string> {
  extracting ??= extract();
  return extracting;
}

/** Removes the mbox `From ` envelope line that each corpus file starts with. */
export function stripMboxFrom(raw: Buffer): Buffer {
  if (raw.subarray(0, 5).toString('latin1') !== 'From ') return raw;
  const eol = raw.indexOf(0x0a);
  return eol < 0 ? Buffer.alloc(0) : raw.subarray(eol + 1);
}

/** Raw RFC 822 messages inmail.(offset+1) … inmail.(offset+n), without the mbox line. */
export async function readCorpusMessages(n: number, offset = 0): Promise<Buffer[]> {
  const dir = await corpusDir();
  const count = Math.max(0, Math.min(n, CORPUS_SIZE - offset));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) out.push(stripMboxFrom(await readFile(path.join(dir, `inmail.${offset + i + 1}`))));
  return out;
}

/** Path of one corpus file (1-based, as the corpus names them). */
export async function corpusFile(index: number): Promise<string> {
  const file = path.join(await corpusDir(), `inmail.${index}`);
  await stat(file);
  return file;
}
