// When and how long to wait before retrying a provider call. p-retry runs the loop; the waiting is
// ours (full jitter, Retry-After) so that it goes through an injectable sleep tests can observe.
import { setTimeout as delay } from 'node:timers/promises';
import pRetry from 'p-retry';
import { ConnectorError } from '../../../connectors/contract/errors.ts';
import { retryAfterOf } from './http-errors.ts';
import type { Sleep } from './rate-limit.ts';

export interface RetryPolicy {
  /** First backoff ceiling; attempt n waits random(0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A Retry-After longer than this is not waited out inside one call: the error surfaces and the
   * orchestrator schedules the account's next sync after it instead.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

export const defaultSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined);

/** Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/**
 * How long to wait before retry number `attempt` after `error`, or undefined when the error must
 * surface: not retryable, or a Retry-After beyond what one call may wait.
 */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy, random?: () => number): number | undefined {
  if (!(error instanceof ConnectorError) || !error.retryable) return undefined;
  const jittered = backoffDelay(attempt, policy, random);
  const retryAfterMs = retryAfterOf(error);
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return undefined;
    // The provider said how long: never less than that.
    return Math.max(retryAfterMs, jittered);
  }
  return jittered;
}

export interface AttemptInfo {
  attempt: number;
  error: unknown;
  /** The wait before the next attempt; undefined when the error surfaces. */
  delayMs: number | undefined;
}

export interface RetryOptions {
  retries: number;
  policy: RetryPolicy;
  sleep: Sleep;
  signal: AbortSignal;
  random?: () => number;
  onFailure?: (info: AttemptInfo) => void;
}

export function withRetry<T>(attemptFn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  // Decided once per failure in onFailedAttempt (so the logged wait is the real one), used by shouldRetry.
  let nextDelay: number | undefined;
  return pRetry(attemptFn, {
    retries: opts.retries,
    // p-retry's own delay is switched off (minTimeout 0 → no timer); shouldRetry sleeps instead.
    minTimeout: 0,
    signal: opts.signal,
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      nextDelay = retriesLeft > 0 ? retryDelay(error, attemptNumber, opts.policy, opts.random) : undefined;
      opts.onFailure?.({ attempt: attemptNumber, error, delayMs: nextDelay });
    },
    shouldRetry: async () => {
      if (nextDelay === undefined) return false;
      await opts.sleep(nextDelay, opts.signal);
      return true;
    },
  });
}
