// A ConnectorRuntime for connector tests: the app's real runtime (retry, rate limits, error mapping)
// with a silent logger, in-memory secrets and instant backoff so fault tests do not wait.
import type { ConnectorManifest } from '../../connectors/contract/connector.ts';
import type { ConnectorRuntime } from '../../connectors/contract/runtime.ts';
import { silentLogger } from '../../electron/main/services/logger.ts';
import { createRuntime } from '../../electron/main/services/runtime.ts';
import { MemorySecretStore } from '../../electron/main/services/secrets.ts';

export interface TestRuntimeOptions {
  accountId?: string;
  signal?: AbortSignal;
  /** Records the ops the connector ran through runtime.call, in order. */
  calls?: string[];
}

export function testRuntime(manifest: ConnectorManifest, settings: Record<string, unknown>, opts: TestRuntimeOptions = {}): ConnectorRuntime {
  const runtime = createRuntime({
    accountId: opts.accountId ?? 'acct-test',
    manifest,
    settings,
    secrets: new MemorySecretStore(),
    log: silentLogger(),
    signal: opts.signal ?? new AbortController().signal,
    sleep: async () => {},
  });
  if (!opts.calls) return runtime;
  const calls = opts.calls;
  return { ...runtime, call: (op, fn, options) => { calls.push(op); return runtime.call(op, fn, options); } };
}
