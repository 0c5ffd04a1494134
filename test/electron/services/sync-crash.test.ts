// Kills a syncing process with SIGKILL and checks that the cache is intact and the next run resumes
// from the last committed cursor instead of starting over.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { integrityCheck, openDatabase } from '../../../electron/main/store/db.ts';
import { getStreamState } from '../../../electron/main/store/sync-state.ts';
import type { ScriptCursor } from '../../fixtures/scripted-connector.ts';
import { duplicateKeys, ftsCount, itemCount } from './sync-harness.ts';

const CHILD = path.resolve(import.meta.dirname, '../../fixtures/sync-crash-child.ts');
const PAGES = 60;
const PAGE_SIZE = 100;

interface ChildRun {
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child; with `killAfterCommits`, SIGKILLs it once that many pages were committed. */
function runChild(dbFile: string, version: 'v1' | 'v2', killAfterCommits?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // process.execPath is Node 22 under `npx vitest` (type stripping runs the .ts directly).
    const child = spawn(process.execPath, [CHILD, dbFile, version], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (killAfterCommits !== undefined && line === `committed ${killAfterCommits}`) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ lines, code, signal, stderr }));
  });
}

const served = (run: ChildRun) => run.lines.filter((l) => l.startsWith('served ')).map((l) => Number(l.slice(7)));

describe('sync survives SIGKILL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-crash-'));
  const dbFile = path.join(dir, 'cache.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the cache consistent and resumes from the saved cursor', async () => {
    const killed = await runChild(dbFile, 'v1', 12);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.lines.some((l) => l.startsWith('done'))).toBe(false);

    const db = openDatabase(dbFile);
    let committedPages: number;
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(duplicateKeys(db)).toBe(0);
      const cursor = getStreamState(db, 'crash', 'inbox')?.cursor as ScriptCursor;
      committedPages = cursor.page;
      expect(committedPages).toBeGreaterThanOrEqual(12);
      expect(committedPages).toBeLessThan(PAGES);
      // Items and cursor were committed together: exactly the pages the cursor says.
      expect(itemCount(db, 'crash')).toBe(committedPages * PAGE_SIZE);
      expect(ftsCount(db)).toBe(committedPages * PAGE_SIZE);
      const orphans = db.prepare('SELECT count(*) AS n FROM items_fts WHERE rowid NOT IN (SELECT id FROM items)').get() as { n: number };
      expect(orphans.n).toBe(0);
    } finally {
      db.close();
    }

    const resumed = await runChild(dbFile, 'v1');
    expect(resumed.code, resumed.stderr).toBe(0);
    const pages = served(resumed);
    // It starts at the first page not committed, not at page 0, and fetches each remaining page once.
    expect(pages[0]).toBe(committedPages);
    expect(pages).toEqual(Array.from({ length: PAGES - committedPages }, (_, i) => committedPages + i));

    const after = openDatabase(dbFile);
    try {
      expect(integrityCheck(after)).toBe('ok');
      expect(itemCount(after, 'crash')).toBe(PAGES * PAGE_SIZE);
      expect(ftsCount(after)).toBe(PAGES * PAGE_SIZE);
      expect(duplicateKeys(after)).toBe(0);
      const hits = after.prepare("SELECT count(*) AS n FROM items_fts WHERE items_fts MATCH 'quarterly'").get() as { n: number };
      expect(hits.n).toBe(PAGES * PAGE_SIZE);
    } finally {
      after.close();
    }
  });

  it('a resync killed midway loses nothing, and the next run finishes it without duplicates', async () => {
    // The first test left a complete v1 sync (6,000 items, cursor at epoch 1).
    const killed = await runChild(dbFile, 'v2', 8);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const db = openDatabase(dbFile);
    try {
      expect(integrityCheck(db)).toBe('ok');
      const state = getStreamState(db, 'crash', 'inbox');
      expect(state?.generation).toBe(1);
      expect((state?.cursor as ScriptCursor).epoch).toBe(2);
      // Rows seen again were renamed in place; the rest still wait: nothing deleted yet.
      expect(itemCount(db, 'crash')).toBe(PAGES * PAGE_SIZE);
      expect(ftsCount(db)).toBe(PAGES * PAGE_SIZE);
      expect(duplicateKeys(db)).toBe(0);
    } finally {
      db.close();
    }

    const resumed = await runChild(dbFile, 'v2');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(served(resumed)[0]).toBeGreaterThanOrEqual(8); // resumed, not restarted
    const after = openDatabase(dbFile);
    try {
      const remaining = PAGES * PAGE_SIZE * 0.9;
      expect(integrityCheck(after)).toBe('ok');
      expect(itemCount(after, 'crash')).toBe(remaining);
      expect(ftsCount(after)).toBe(remaining);
      expect(duplicateKeys(after)).toBe(0);
      const old = after.prepare("SELECT count(*) AS n FROM items WHERE external_id NOT LIKE 'v2-%'").get() as { n: number };
      expect(old.n).toBe(0);
    } finally {
      after.close();
    }
  });
});
