import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ConnectorManifest, RateLimits } from '../../../connectors/contract/connector.ts';
import { AuthExpired, BadResponse, ProviderUnavailable, RateLimited } from '../../../connectors/contract/errors.ts';
import { createLogger, runWithCorrelation } from '../../../electron/main/services/logger.ts';
import { RequestLimiter, Semaphore } from '../../../electron/main/services/rate-limit.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryDelay } from '../../../electron/main/services/retry.ts';
import { createRuntime } from '../../../electron/main/services/runtime.ts';
import { MemorySecretStore } from '../../../electron/main/services/secrets.ts';

function manifest(rateLimits: RateLimits = {}): ConnectorManifest {
  return {
    id: 'demo',
    kind: 'email',
    displayName: 'Test',
    authType: 'token',
    settings: z.object({}),
    secretFields: ['token'],
    capabilities: [],
    rateLimits,
  };
}

function setup(responses: (Response | Error)[], opts: { rateLimits?: RateLimits; maxRetryAfterMs?: number } = {}) {
  const waits: number[] = [];
  const chunks: string[] = [];
  const requests: RequestInit[] = [];
  const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    requests.push(init ?? {});
    const next = responses.shift();
    if (!next) throw new Error('no more scripted responses');
    if (next instanceof Error) throw next;
    return next;
  });
  const secrets = new MemorySecretStore({ 'acc:token': 'tok-123' });
  const runtime = createRuntime({
    accountId: 'acc',
    manifest: manifest(opts.rateLimits),
    settings: {},
    secrets,
    log: createLogger({ level: 'debug', destination: { write: (s: string) => void chunks.push(s) } }),
    signal: new AbortController().signal,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 1,
    fetchImpl: fetchImpl as unknown as typeof fetch,
    ...(opts.maxRetryAfterMs ? { retryPolicy: { maxRetryAfterMs: opts.maxRetryAfterMs } } : {}),
  });
  const lines = () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { runtime, waits, fetchImpl, lines, secrets, requests };
}

const res = (status: number, body = '', headers: Record<string, string> = {}) => new Response(body || null, { status, headers });

describe('runtime.fetch: HTTP status mapping', () => {
  it('429 with Retry-After in seconds waits at least that long, then succeeds', async () => {
    const t = setup([res(429, '', { 'Retry-After': '7' }), res(200, 'ok')]);
    const r = await t.runtime.fetch('list', 'https://api.example.test/x');
    expect(await r.text()).toBe('ok');
    expect(t.fetchImpl).toHaveBeenCalledTimes(2);
    expect(t.waits).toEqual([7_000]);
  });

  it('429 with Retry-After as an HTTP date', async () => {
    const when = new Date(Date.now() + 60_000).toUTCString();
    const t = setup([res(429, '', { 'Retry-After': when }), res(200)]);
    await t.runtime.fetch('list', 'https://api.example.test/x');
    expect(t.waits).toHaveLength(1);
    // Date granularity is one second; the wait is never below what remains until that date.
    expect(t.waits[0]).toBeGreaterThan(58_000);
    expect(t.waits[0]).toBeLessThanOrEqual(60_000);
  });

  it('a Retry-After beyond the cap is not waited out: the RateLimited error surfaces at once', async () => {
    const t = setup([res(429, '', { 'Retry-After': '3600' })]);
    const err = await t.runtime.fetch('list', 'https://api.example.test/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimited);
    expect((err as RateLimited).retryAfterMs).toBe(3_600_000);
    expect(t.waits).toEqual([]);
    expect(t.fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('5xx backs off exponentially (full jitter ceiling 500, 1000, 2000, 4000) and gives up after the retries', async () => {
    const t = setup([res(500), res(502), res(503), res(504), res(500)]);
    const err = await t.runtime.fetch('list', 'https://api.example.test/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailable);
    expect(t.fetchImpl).toHaveBeenCalledTimes(5);
    expect(t.waits).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('503 with Retry-After is honoured', async () => {
    const t = setup([res(503, '', { 'Retry-After': '12' }), res(200)]);
    await t.runtime.fetch('list', 'https://api.example.test/x');
    expect(t.waits).toEqual([12_000]);
  });

  it('401 → AuthExpired, never retried', async () => {
    const t = setup([res(401, 'invalid token')]);
    await expect(t.runtime.fetch('me', 'https://api.example.test/me')).rejects.toBeInstanceOf(AuthExpired);
    expect(t.fetchImpl).toHaveBeenCalledTimes(1);
    expect(t.waits).toEqual([]);
  });

  it('403 → AuthExpired, unless the body says rate limit (Google style) → RateLimited', async () => {
    const plain = setup([res(403, '{"error":{"message":"Forbidden"}}')]);
    await expect(plain.runtime.fetch('x', 'https://api.example.test/')).rejects.toBeInstanceOf(AuthExpired);
    const google = setup([
      res(403, '{"error":{"errors":[{"reason":"userRateLimitExceeded"}],"message":"User Rate Limit Exceeded"}}'),
      res(200),
    ]);
    await google.runtime.fetch('x', 'https://api.example.test/');
    expect(google.fetchImpl).toHaveBeenCalledTimes(2);
    expect(google.waits).toHaveLength(1);
  });

  it('other 4xx (a 404 that may mean "cursor expired") are returned to the connector as is', async () => {
    const t = setup([res(404, 'gone')]);
    const r = await t.runtime.fetch('history', 'https://api.example.test/h');
    expect(r.status).toBe(404);
  });

  it('network errors → ProviderUnavailable and retried; abort is not mapped', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const t = setup([refused, res(200)]);
    await t.runtime.fetch('x', 'https://api.example.test/');
    expect(t.waits).toEqual([500]);
    const aborted = setup([new DOMException('aborted', 'AbortError')]);
    const err = await aborted.runtime.fetch('x', 'https://api.example.test/').catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(aborted.fetchImpl).toHaveBeenCalledTimes(1);
  });
});

describe('runtime.call', () => {
  it('does not retry BadResponse or plain errors', async () => {
    const t = setup([]);
    let n = 0;
    await expect(
      t.runtime.call('parse', async () => {
        n++;
        throw new BadResponse('schema');
      }),
    ).rejects.toBeInstanceOf(BadResponse);
    expect(n).toBe(1);
  });

  it('respects the retries option', async () => {
    const t = setup([]);
    let n = 0;
    await expect(
      t.runtime.call(
        'x',
        async () => {
          n++;
          throw new ProviderUnavailable('down');
        },
        { retries: 1 },
      ),
    ).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(n).toBe(2);
  });

  it('logs op, attempt, duration and outcome with the run correlation id (or its own one)', async () => {
    const t = setup([]);
    await t.runtime.call('alone', async () => 1);
    await runWithCorrelation(createLogger({ level: 'silent' }), () => t.runtime.call('in-run', async () => 2), 'abcdef123456');
    const [alone, inRun] = t.lines();
    expect(alone).toMatchObject({ op: 'alone', attempt: 1, outcome: 'ok', correlationId: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(typeof alone?.durationMs).toBe('number');
    // Inside a run, the runtime writes through the run's logger (here a silent one).
    expect(inRun).toBeUndefined();
  });

  it('reads and writes secrets under accountId:field', async () => {
    const t = setup([]);
    expect(await t.runtime.secrets.get('token')).toBe('tok-123');
    await t.runtime.secrets.set('refreshToken', 'r');
    expect(await t.secrets.get('acc:refreshToken')).toBe('r');
  });
});

describe('retry policy', () => {
  it('full jitter stays within the exponential ceiling and the cap', () => {
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 1)).toBe(500);
    expect(backoffDelay(20, DEFAULT_RETRY_POLICY, () => 1)).toBe(30_000);
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });

  it('a Retry-After is a floor: never less, even when the jitter draws less', () => {
    expect(retryDelay(new RateLimited('x', 1_500), 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(1_500);
    expect(retryDelay(new RateLimited('x', 10), 3, DEFAULT_RETRY_POLICY, () => 1)).toBe(2_000);
    expect(retryDelay(new AuthExpired('x'), 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
    expect(retryDelay(new Error('x'), 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
  });
});

describe('rate limits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a perSecond bucket spaces requests out; cost counts several tokens', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance', 'Date'] });
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const limiter = new RequestLimiter({ perSecond: 2 }, sleep);
    const done: number[] = [];
    const start = performance.now();
    const all = [1, 2, 3, 4].map((i) => limiter.acquire(1).then(() => done.push(i)));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(done).toEqual([1, 2, 3, 4]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(500);
    // A cost larger than the bucket is charged as a full bucket rather than waiting forever.
    const big = limiter.acquire(50);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(big).resolves.toBeTypeOf('function');
  });

  it('concurrency caps requests in flight', async () => {
    const sem = new Semaphore(2);
    let inFlight = 0;
    let max = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await sem.acquire();
        inFlight++;
        max = Math.max(max, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        release();
      }),
    );
    expect(max).toBe(2);
    expect(sem.active).toBe(0);
  });

  it('an aborted waiter leaves the queue', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const ac = new AbortController();
    const waiting = sem.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    release();
    expect(sem.active).toBe(0);
  });

  it('manifest limits apply through runtime.call (concurrency 1 serializes calls)', async () => {
    const t = setup([], { rateLimits: { concurrency: 1 } });
    let inFlight = 0;
    let max = 0;
    await Promise.all(
      [1, 2, 3].map(() =>
        t.runtime.call('x', async () => {
          inFlight++;
          max = Math.max(max, inFlight);
          await new Promise((r) => setImmediate(r));
          inFlight--;
        }),
      ),
    );
    expect(max).toBe(1);
  });
});
