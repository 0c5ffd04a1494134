// Settings of the demo source. Numbers are coerced so the CLI can pass them as strings.
import { z } from 'zod';

export const DemoSettings = z.object({
  /** Same seed, same workspace: ids, people and texts. */
  seed: z.coerce.number().int().default(1),
  /** Items in the base workspace (before any new arrivals). */
  size: z.coerce.number().int().min(100).max(200_000).default(2400),
  /**
   * The workspace's "now" (ISO date) that generated items are placed before. The default is filled in
   * when the account is added and stored with it, so every later process generates the same items.
   */
  anchor: z.iso.datetime({ offset: true }).default(() => new Date().toISOString()),
  /** `real`: new arrivals and sent replies carry the wall-clock time; `anchor`: time stands at the anchor (tests). */
  clock: z.enum(['real', 'anchor']).default('real'),
  faults: z.enum(['none', 'slow', 'failing', 'rate-limited']).default('none'),
  /** `failing`: every Nth provider call fails with ProviderUnavailable; 0 means every call. */
  failEvery: z.coerce.number().int().min(0).default(0),
  /** `slow`: latency added to every provider call. */
  latencyMs: z.coerce.number().int().min(0).max(60_000).default(250),
  /** `rate-limited`: the first N calls of each sync answer RateLimited with this retry-after. */
  rateLimitedCalls: z.coerce.number().int().min(0).default(2),
  retryAfterMs: z.coerce.number().int().min(0).default(100),
  /** Items per sync page. */
  pageSize: z.coerce.number().int().min(10).max(10_000).default(500),
  /** New arrivals every N ms of wall time (0: only when `advance()` is called). */
  arrivalIntervalMs: z.coerce.number().int().min(0).default(0),
  meName: z.string().min(1).default('Alex Morgan'),
  meEmail: z.email().default('alex.morgan@example.com'),
});
export type DemoSettings = z.infer<typeof DemoSettings>;
