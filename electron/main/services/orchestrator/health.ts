// Account health as a person reads it: what state the account is in, what went wrong in words,
// when the next attempt is, how fresh each stream's cursor is.
import {
  AuthExpired,
  BadResponse,
  CursorExpired,
  InvalidSettings,
  ProviderUnavailable,
  RateLimited,
} from '../../../../connectors/contract/errors.ts';
import { getAccount, getHealth, type AccountHealth } from '../../store/accounts.ts';
import type { ReadDb } from '../../store/db.ts';
import { listStreamStates } from '../../store/sync-state.ts';
import { retryAfterOf } from '../http-errors.ts';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_ACCOUNT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 60 * 60_000 };

/**
 * The wait before an account's next sync after `failures` failures in a row: exponential with
 * "equal jitter" (half fixed, half random, so it never collapses to zero), and at least what the
 * provider asked for with Retry-After.
 */
export function accountBackoffMs(failures: number, err: unknown, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterOf(err) ?? 0);
}

function detail(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One sentence for the accounts screen; the raw message stays in parentheses for support. */
export function describeError(err: unknown): string {
  if (err instanceof AuthExpired) return `The sign-in is no longer accepted: sign in again (${detail(err)}).`;
  if (err instanceof RateLimited) return `The provider asked us to slow down; syncing resumes later (${detail(err)}).`;
  if (err instanceof ProviderUnavailable) return `The provider could not be reached; retrying later (${detail(err)}).`;
  if (err instanceof CursorExpired) return `The sync position expired twice in a row; retrying later (${detail(err)}).`;
  if (err instanceof BadResponse) return `The provider sent data Switchboard could not read (${detail(err)}).`;
  if (err instanceof InvalidSettings) return `${detail(err)}. Fix the account settings.`;
  return `Sync failed: ${detail(err)}`;
}

export interface StreamStatus {
  stream: string;
  /** When the stream's cursor was last saved (ms since epoch), and how long ago. */
  updatedAt: number;
  cursorAgeMs: number;
  generation: number;
}

export interface AccountStatus extends AccountHealth {
  name: string;
  connector: string;
  streams: StreamStatus[];
  /** Age of the stalest stream cursor; null before the first sync. */
  cursorAgeMs: number | null;
}

export function getAccountStatus(db: ReadDb, accountId: string, now: number = Date.now()): AccountStatus | undefined {
  const account = getAccount(db, accountId);
  const health = getHealth(db, accountId);
  if (!account || !health) return undefined;
  const streams = listStreamStates(db, accountId).map((s) => ({
    stream: s.stream,
    updatedAt: s.updatedAt,
    cursorAgeMs: Math.max(0, now - s.updatedAt),
    generation: s.generation,
  }));
  const cursorAgeMs = streams.length ? Math.max(...streams.map((s) => s.cursorAgeMs)) : null;
  return { ...health, name: account.name, connector: account.connector, streams, cursorAgeMs };
}
