// Per-connector request limits: token buckets from manifest.rateLimits plus a cap on requests in flight.
import { RateLimiter } from 'limiter';
import type { RateLimits } from '../../../connectors/contract/connector.ts';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const INTERVALS = [
  ['perSecond', 'second'],
  ['perMinute', 'minute'],
  ['perHour', 'hour'],
  ['perDay', 'day'],
] as const;

/** A small FIFO semaphore; acquire() can be abandoned through an AbortSignal. */
export class Semaphore {
  readonly #max: number;
  #active = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(max: number) {
    this.#max = Math.max(1, Math.floor(max));
  }

  get active(): number {
    return this.#active;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.#active >= this.#max) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = this.#waiters.indexOf(wake);
          if (at >= 0) this.#waiters.splice(at, 1);
          reject(signal?.reason as Error);
        };
        this.#waiters.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.#active++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // The slot passes straight to the next waiter, so #active stays the same.
      if (next) next();
      else this.#active--;
    };
  }
}

/**
 * All of a connector's limits at once. A request takes `cost` tokens from every bucket, only when
 * every bucket has them, so a request refused by the daily bucket does not burn per-second tokens.
 */
export class RequestLimiter {
  readonly #buckets: RateLimiter[];
  readonly #inFlight: Semaphore | undefined;
  readonly #sleep: Sleep;

  constructor(limits: RateLimits, sleep: Sleep) {
    this.#buckets = INTERVALS.flatMap(([key, interval]) => {
      const n = limits[key];
      return n && n > 0 ? [new RateLimiter({ tokensPerInterval: n, interval })] : [];
    });
    this.#inFlight = limits.concurrency && limits.concurrency > 0 ? new Semaphore(limits.concurrency) : undefined;
    this.#sleep = sleep;
  }

  /** Waits for tokens and a concurrency slot; returns the function that frees the slot. */
  async acquire(cost: number, signal?: AbortSignal): Promise<() => void> {
    await this.#takeTokens(cost, signal);
    return this.#inFlight ? this.#inFlight.acquire(signal) : () => {};
  }

  async #takeTokens(cost: number, signal?: AbortSignal): Promise<void> {
    if (this.#buckets.length === 0) return;
    for (;;) {
      signal?.throwIfAborted();
      // A cost above a bucket's size could never be paid: charge the whole bucket instead.
      const wait = Math.max(...this.#buckets.map((b) => b.getWaitTime(this.#fit(b, cost))));
      if (wait <= 0) {
        // getWaitTime() was 0 for each, and nothing ran in between, so each removal succeeds.
        for (const b of this.#buckets) b.tryRemoveTokens(this.#fit(b, cost));
        return;
      }
      await this.#sleep(wait, signal);
    }
  }

  #fit(bucket: RateLimiter, cost: number): number {
    return Math.max(1, Math.min(cost, bucket.tokenBucket.bucketSize));
  }
}
