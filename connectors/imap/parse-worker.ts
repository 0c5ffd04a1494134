// Worker thread side of parse-pool.ts: parses a batch of raw messages off the main thread.
import { parentPort } from 'node:worker_threads';
import { parseMessage, type ParsedMessage } from './parse-message.ts';

/**
 * postal-mime joins each MIME part's decoded chunks with `new Blob(chunks).arrayBuffer()`. Node's
 * Blob reads back through a stream pipeline, which was ~35% of parse time in a CPU profile on the
 * corpus. This worker runs nothing but the parser, so its realm gets a Blob that just concatenates.
 */
class ConcatBlob {
  readonly #bytes: Uint8Array;
  readonly type: string;
  constructor(parts: (ArrayBuffer | ArrayBufferView | string)[] = [], options: { type?: string } = {}) {
    const views = parts.map((p) =>
      typeof p === 'string' ? new TextEncoder().encode(p)
        : ArrayBuffer.isView(p) ? new Uint8Array(p.buffer, p.byteOffset, p.byteLength) : new Uint8Array(p));
    const out = new Uint8Array(views.reduce((n, v) => n + v.byteLength, 0));
    let offset = 0;
    for (const v of views) {
      out.set(v, offset);
      offset += v.byteLength;
    }
    this.#bytes = out;
    this.type = options.type ?? '';
  }
  get size(): number {
    return this.#bytes.byteLength;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes.buffer as ArrayBuffer;
  }
}
(globalThis as { Blob: unknown }).Blob = ConcatBlob;

interface Job {
  id: number;
  buffer: ArrayBuffer;
  /** End offset of each message in `buffer`. */
  ends: number[];
}

parentPort?.on('message', async (job: Job) => {
  const all = Buffer.from(job.buffer);
  const results: ParsedMessage[] = [];
  let start = 0;
  for (const end of job.ends) {
    results.push(await parseMessage(all.subarray(start, end)));
    start = end;
  }
  parentPort?.postMessage({ id: job.id, results });
});
