// Builds the ConnectorRuntime a connector instance receives: the one place where rate limits, retry
// with backoff, HTTP error mapping, correlation ids and per-account secrets are applied.
import type { ConnectorManifest } from '../../../connectors/contract/connector.ts';
import type { CallOptions, ConnectorRuntime, Logger } from '../../../connectors/contract/runtime.ts';
import { checkResponse, networkError } from './http-errors.ts';
import { contextualLogger, currentCorrelation, newCorrelationId } from './logger.ts';
import { RequestLimiter, type Sleep } from './rate-limit.ts';
import { DEFAULT_RETRY_POLICY, defaultSleep, withRetry, type RetryPolicy } from './retry.ts';
import type { SecretStore } from './secrets.ts';

export interface RuntimeOptions {
  accountId: string;
  manifest: ConnectorManifest;
  settings: Record<string, unknown>;
  secrets: SecretStore;
  log: Logger;
  signal: AbortSignal;
  /** Injectable for tests: every wait (backoff, Retry-After, rate limit) goes through it. */
  sleep?: Sleep;
  retryPolicy?: Partial<RetryPolicy>;
  random?: () => number;
  /** Injectable for tests; global fetch by default. */
  fetchImpl?: typeof fetch;
}

const DEFAULT_RETRIES = 4;

export function secretKey(accountId: string, field: string): string {
  return `${accountId}:${field}`;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createRuntime(opts: RuntimeOptions): ConnectorRuntime {
  const sleep = opts.sleep ?? defaultSleep;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retryPolicy };
  const limiter = new RequestLimiter(opts.manifest.rateLimits, sleep);
  const log = contextualLogger(opts.log);
  const fetchImpl = opts.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function call<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, options: CallOptions = {}): Promise<T> {
    // Inside a sync run or a send the run's correlation id applies; a lone request gets its own.
    const callLog = currentCorrelation() ? log : log.child({ correlationId: newCorrelationId() });
    const signal = opts.signal;
    return withRetry(
      async (attempt) => {
        const release = await limiter.acquire(options.cost ?? 1, signal);
        const started = performance.now();
        try {
          const result = await fn(signal);
          callLog.debug({ op, attempt, durationMs: Math.round(performance.now() - started), outcome: 'ok' }, 'call');
          return result;
        } catch (err) {
          const durationMs = Math.round(performance.now() - started);
          callLog.warn({ op, attempt, durationMs, outcome: errorName(err), error: errorMessage(err) }, 'call failed');
          throw err;
        } finally {
          release();
        }
      },
      {
        retries: options.retries ?? DEFAULT_RETRIES,
        policy,
        sleep,
        signal,
        ...(opts.random ? { random: opts.random } : {}),
        onFailure: ({ attempt, delayMs }) => {
          if (delayMs !== undefined) callLog.info({ op, attempt, retryInMs: delayMs }, 'retrying');
        },
      },
    );
  }

  return {
    accountId: opts.accountId,
    settings: opts.settings,
    log,
    signal: opts.signal,
    secrets: {
      get: (name) => opts.secrets.get(secretKey(opts.accountId, name)),
      set: (name, value) => opts.secrets.set(secretKey(opts.accountId, name), value),
    },
    call,
    fetch(op, url, init, options) {
      return call(
        op,
        async (signal) => {
          const merged = init?.signal ? AbortSignal.any([signal, init.signal]) : signal;
          let res: Response;
          try {
            res = await fetchImpl(url, { ...init, signal: merged });
          } catch (err) {
            throw networkError(op, err);
          }
          return checkResponse(op, res);
        },
        options,
      );
    },
  };
}
