// MIME parsing in worker threads: on the 2-core target the main thread fetches over IMAP and
// writes SQLite while the workers parse, which is what keeps a full sync above 1,300 msg/s.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseMessage, type ParsedMessage } from './parse-message.ts';
import type { ParseMany } from './sync-folder.ts';

export interface ParsePool {
  parse: ParseMany;
  readonly size: number;
  close(): Promise<void>;
}

// Measured on the full corpus (test/bench/imap-sync.ts): the default 16 MB young generation let
// the worker add ~60 MB RSS for no speed; 4 MB keeps the sync within its 300 MB budget.
// 24 MB of old generation holds a job of 50 corpus messages with room to spare; a message too big for
// it kills the worker, and the pool then parses in-thread (see parse() below) instead of failing the sync.
const WORKER_OLD_MB = 24;
const WORKER_YOUNG_MB = 4;
/** Messages per job: bounds what a worker holds at once (its results are posted per job). */
const JOB_SIZE = 50;

interface Pending {
  resolve(results: ParsedMessage[]): void;
  reject(error: unknown): void;
}

const parseInThread: ParseMany = async (raws) => {
  const out: ParsedMessage[] = [];
  for (const raw of raws) out.push(await parseMessage(raw));
  return out;
};

/**
 * size 0 parses in-thread (tests, one-core machines). The default, one worker on two cores, measured
 * best in test/bench/imap-sync.ts: the main thread is itself busy with IMAP and SQLite.
 */
export function createParsePool(
  size = Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  limits: { oldMb?: number; youngMb?: number } = {},
): ParsePool {
  if (size <= 0) return { size: 0, parse: parseInThread, close: async () => {} };
  const workers: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failed: unknown;
  for (let i = 0; i < size; i++) {
    // A cap keeps a runaway message from taking the app's memory; one batch needs far less.
    const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: limits.oldMb ?? WORKER_OLD_MB, maxYoungGenerationSizeMb: limits.youngMb ?? WORKER_YOUNG_MB },
    });
    worker.on('message', (msg: { id: number; results: ParsedMessage[] }) => {
      pending.get(msg.id)?.resolve(msg.results);
      pending.delete(msg.id);
      if (pending.size === 0) workers.forEach((w) => w.unref());
    });
    worker.on('error', (error) => {
      failed = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    worker.on('exit', () => { failed ??= new Error('parse worker exited'); });
    worker.unref();
    workers.push(worker);
  }

  const run = (worker: Worker, raws: Buffer[]): Promise<ParsedMessage[]> => {
    // One transferable buffer per job: no per-message structured clone of Buffers.
    const total = raws.reduce((n, r) => n + r.length, 0);
    const buffer = new ArrayBuffer(total);
    const view = new Uint8Array(buffer);
    const ends: number[] = [];
    let offset = 0;
    for (const raw of raws) {
      view.set(raw, offset);
      offset += raw.length;
      ends.push(offset);
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref(); // an idle pool must not keep the process alive; a busy one must
      worker.postMessage({ id, buffer, ends }, [buffer]);
    });
  };

  return {
    size,
    async parse(raws) {
      // A dead worker (out of memory on a pathological message) degrades to in-thread parsing.
      if (failed) return parseInThread(raws);
      const jobs: Promise<ParsedMessage[]>[] = [];
      for (let i = 0, j = 0; i < raws.length; i += JOB_SIZE, j++) {
        const part = raws.slice(i, i + JOB_SIZE);
        jobs.push(run(workers[j % workers.length]!, part).catch(() => parseInThread(part)));
      }
      return (await Promise.all(jobs)).flat();
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
