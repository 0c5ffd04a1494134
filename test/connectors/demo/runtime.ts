// A bare ConnectorRuntime for the demo tests: runs each call once (or retries retryable errors a
// few times without waiting) and records what happened, so faults can be asserted by type.
import type { ConnectorRuntime, Logger } from '../../../connectors/contract/runtime.ts';
import { ConnectorError } from '../../../connectors/contract/errors.ts';
import { demoConnector, type DemoInstance } from '../../../connectors/demo/index.ts';
import { parseSettings } from '../../../connectors/registry.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export interface TestRuntime extends ConnectorRuntime {
  calls: { op: string; error?: ConnectorError }[];
}

export function testRuntime(settings: Record<string, unknown>, retries = 0): TestRuntime {
  const calls: TestRuntime['calls'] = [];
  const signal = new AbortController().signal;
  return {
    accountId: 'demo-1',
    settings: parseSettings(demoConnector, settings),
    log: silent,
    signal,
    secrets: { get: async () => undefined, set: async () => {} },
    calls,
    async call(op, fn) {
      for (let attempt = 0; ; attempt++) {
        try {
          const value = await fn(signal);
          calls.push({ op });
          return value;
        } catch (error) {
          if (error instanceof ConnectorError) calls.push({ op, error });
          if (!(error instanceof ConnectorError) || !error.retryable || attempt >= retries) throw error;
        }
      }
    },
    fetch: () => Promise.reject(new Error('the demo connector makes no HTTP requests')),
  };
}

export const ANCHOR = '2025-03-01T12:00:00.000Z';

export function openDemo(settings: Record<string, unknown> = {}, retries = 0): { demo: DemoInstance; runtime: TestRuntime } {
  const runtime = testRuntime({ anchor: ANCHOR, clock: 'anchor', ...settings }, retries);
  return { demo: demoConnector.create(runtime) as DemoInstance, runtime };
}

export async function collect(demo: DemoInstance, stream: string, cursor?: unknown) {
  const batches = [];
  for await (const batch of demo.sync(stream, cursor, new AbortController().signal)) batches.push(batch);
  return batches;
}

export async function syncAll(demo: DemoInstance, cursors: Record<string, unknown> = {}) {
  const out: Record<string, Awaited<ReturnType<typeof collect>>> = {};
  for (const { id } of await demo.streams()) out[id] = await collect(demo, id, cursors[id]);
  return out;
}

export function lastCursors(result: Record<string, { cursor: unknown }[]>, previous: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result).map(([k, batches]) => [k, batches.at(-1)?.cursor ?? previous[k]]));
}
