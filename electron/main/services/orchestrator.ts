// Schedules and runs account syncs: one at a time per account, several accounts at once, each behind
// its own error boundary (one failing account never stops another), with health, backoff, periodic
// polling and push watchers.
import { AuthExpired, InvalidSettings, ProviderUnavailable, RateLimited } from '../../../connectors/contract/errors.ts';
import { UnknownConnector } from '../../../connectors/registry.ts';
import type { Logger } from '../../../connectors/contract/runtime.ts';
import { getAccount, getHealth, listAccounts, setAccountMe, updateHealth, type AccountHealth } from '../store/accounts.ts';
import type { ChangeBus } from '../store/changes.ts';
import type { WriteDb } from '../store/db.ts';
import { UnknownAccount, type ConnectorHost, type HostedConnector } from './connector-host.ts';
import { runWithCorrelation } from './logger.ts';
import { accountBackoffMs, DEFAULT_ACCOUNT_BACKOFF, describeError, type BackoffPolicy } from './orchestrator/health.ts';
import { syncStream } from './orchestrator/sync-stream.ts';
import { Watchers } from './orchestrator/watchers.ts';

export { getAccountStatus, type AccountStatus } from './orchestrator/health.ts';

export interface SyncReport {
  accountId: string;
  ok: boolean;
  upserted: number;
  deleted: number;
  patched: number;
  skipped: number;
  streams: string[];
  error?: string;
}

export interface OrchestratorDeps {
  db: WriteDb;
  bus: ChangeBus;
  host: ConnectorHost;
  log: Logger;
  backoff?: Partial<BackoffPolicy>;
  /** Accounts synced at once by syncAll(). Default 3. */
  concurrency?: number;
  /** Push notifications arriving within this window are merged into one sync. Default 500 ms. */
  pushDebounceMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface SyncOptions {
  streams?: string[];
  signal?: AbortSignal;
}

interface Queued {
  streams: Set<string> | null;
  promise: Promise<SyncReport>;
  resolve: (report: SyncReport) => void;
}

interface Slot {
  running?: Promise<SyncReport>;
  /** Requests that arrived during a run: merged into one follow-up run. */
  queued?: Queued;
  failures: number;
  timer?: NodeJS.Timeout;
}

export const DEFAULT_INTERVAL_MS = 5 * 60_000;

/** Errors only the user can fix (settings, a removed connector): retrying on a timer cannot help. */
function needsUser(err: unknown): boolean {
  return err instanceof InvalidSettings || err instanceof UnknownConnector || err instanceof UnknownAccount;
}

/** Errors that concern the whole account, not one stream: the run stops at once. */
function isAccountWide(err: unknown): boolean {
  return err instanceof AuthExpired || err instanceof RateLimited || err instanceof ProviderUnavailable;
}

export class Orchestrator {
  readonly #deps: OrchestratorDeps;
  readonly #slots = new Map<string, Slot>();
  readonly #backoff: BackoffPolicy;
  readonly #now: () => number;
  readonly #watchers: Watchers;
  #controller = new AbortController();
  #started = false;
  #intervalMs = DEFAULT_INTERVAL_MS;
  #unsubscribe: (() => void) | undefined;

  constructor(deps: OrchestratorDeps) {
    this.#deps = deps;
    this.#backoff = { ...DEFAULT_ACCOUNT_BACKOFF, ...deps.backoff };
    this.#now = deps.now ?? Date.now;
    this.#watchers = new Watchers({
      host: deps.host,
      log: deps.log,
      debounceMs: deps.pushDebounceMs ?? 500,
      onChange: (accountId, streams) => void this.syncAccount(accountId, { streams }),
    });
  }

  /** Syncs one account (all streams, or the ones named). Never throws: failures are in the report. */
  syncAccount(accountId: string, opts: SyncOptions = {}): Promise<SyncReport> {
    const slot = this.#slot(accountId);
    if (!slot.running) return this.#launch(accountId, slot, opts.streams, opts.signal);
    // Never two syncs of one account at once: merge into the follow-up run.
    if (!slot.queued) {
      const { promise, resolve } = Promise.withResolvers<SyncReport>();
      slot.queued = { streams: opts.streams ? new Set(opts.streams) : null, promise, resolve };
    } else if (slot.queued.streams && opts.streams) {
      for (const s of opts.streams) slot.queued.streams.add(s);
    } else {
      slot.queued.streams = null;
    }
    return slot.queued.promise;
  }

  /** Syncs every account, a few at a time; one account's failure never stops the others. */
  async syncAll(opts: { signal?: AbortSignal; concurrency?: number } = {}): Promise<SyncReport[]> {
    const ids = listAccounts(this.#deps.db).map((a) => a.id);
    const reports: SyncReport[] = new Array<SyncReport>(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        reports[i] = await this.syncAccount(ids[i] as string, opts.signal ? { signal: opts.signal } : {});
      }
    };
    const width = Math.max(1, Math.min(opts.concurrency ?? this.#deps.concurrency ?? 3, ids.length));
    await Promise.all(Array.from({ length: width }, worker));
    return reports;
  }

  /** Polls every account (interval, plus backoff after failures) and starts push watchers. */
  start(opts: { intervalMs?: number } = {}): void {
    if (this.#started) return;
    this.#started = true;
    this.#intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.#unsubscribe = this.#deps.bus.on((e) => {
      if (e.kind === 'accounts') this.#refreshAccounts();
    });
    this.#refreshAccounts();
  }

  /** Stops polling and watchers, aborts running syncs and waits for them to settle. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const slot of this.#slots.values()) clearTimeout(slot.timer);
    this.#controller.abort(new Error('Switchboard is stopping'));
    await this.#watchers.stopAll();
    const pending = [...this.#slots.values()].flatMap((s) => [s.running, s.queued?.promise].filter((p) => p !== undefined));
    await Promise.allSettled(pending);
    this.#controller = new AbortController();
  }

  #slot(accountId: string): Slot {
    let slot = this.#slots.get(accountId);
    if (!slot) {
      slot = { failures: 0 };
      this.#slots.set(accountId, slot);
    }
    return slot;
  }

  async #launch(accountId: string, slot: Slot, streams: string[] | undefined, signal?: AbortSignal): Promise<SyncReport> {
    const run = this.#run(accountId, streams, signal);
    slot.running = run;
    const report = await run;
    slot.running = undefined;
    const queued = slot.queued;
    slot.queued = undefined;
    if (queued) {
      if (this.#controller.signal.aborted) queued.resolve(report);
      else queued.resolve(await this.#launch(accountId, slot, queued.streams ? [...queued.streams] : undefined));
    } else {
      this.#scheduleNext(accountId);
    }
    return report;
  }

  #run(accountId: string, filter: string[] | undefined, external?: AbortSignal): Promise<SyncReport> {
    const signal = external ? AbortSignal.any([this.#controller.signal, external]) : this.#controller.signal;
    return runWithCorrelation(this.#deps.log.child({ accountId }), async (log) => {
      const started = this.#now();
      const report: SyncReport = { accountId, ok: false, upserted: 0, deleted: 0, patched: 0, skipped: 0, streams: [] };
      const before = getHealth(this.#deps.db, accountId)?.state ?? 'idle';
      this.#setHealth(accountId, { state: 'syncing' });
      try {
        const hosted = await this.#deps.host.get(accountId);
        const all = await hosted.instance.streams();
        const streams = filter ? all.filter((s) => filter.includes(s.id)) : all;
        let firstError: unknown;
        for (const stream of streams) {
          signal.throwIfAborted();
          try {
            const counts = await syncStream({ ...this.#deps, accountId, instance: hosted.instance, signal, log }, stream);
            report.upserted += counts.upserted;
            report.deleted += counts.deleted;
            report.patched += counts.patched;
            report.skipped += counts.skipped;
            report.streams.push(stream.id);
          } catch (err) {
            if (signal.aborted || isAccountWide(err)) throw err;
            // A broken folder must not keep the others from syncing: note it and go on.
            log.error({ stream: stream.id, err }, 'stream sync failed');
            firstError ??= err;
          }
        }
        if (firstError !== undefined) throw firstError;
        await this.#storeMe(hosted, log);
        this.#succeeded(accountId, report);
      } catch (err) {
        await this.#failed(accountId, report, err, signal.aborted ? before : undefined, log);
      }
      const { accountId: _bound, ...summary } = report; // accountId is already bound to `log`
      log.info({ ...summary, durationMs: this.#now() - started }, report.ok ? 'sync finished' : 'sync failed');
      return report;
    });
  }

  #succeeded(accountId: string, report: SyncReport): void {
    this.#slot(accountId).failures = 0;
    report.ok = true;
    const skipped = (getHealth(this.#deps.db, accountId)?.skipped ?? 0) + report.skipped;
    this.#setHealth(accountId, { state: 'idle', lastSuccessAt: this.#now(), lastError: null, nextRetryAt: null, skipped });
  }

  /** `abortedFrom`: the run was stopped (quit, account closed); the state it had before is restored. */
  async #failed(accountId: string, report: SyncReport, err: unknown, abortedFrom: AccountHealth['state'] | undefined, log: Logger) {
    const skipped = (getHealth(this.#deps.db, accountId)?.skipped ?? 0) + report.skipped;
    if (abortedFrom !== undefined) {
      report.error = 'The sync was stopped.';
      this.#setHealth(accountId, { state: abortedFrom === 'syncing' ? 'idle' : abortedFrom, skipped });
      return;
    }
    report.error = describeError(err);
    const now = this.#now();
    if (err instanceof AuthExpired) {
      // Retrying cannot help until the user signs in again: no retry loop. The instance is dropped
      // so that the next sync picks up the new credentials.
      log.warn({ err }, 'sign-in expired');
      this.#setHealth(accountId, { state: 'auth', lastError: report.error, lastErrorAt: now, nextRetryAt: null, skipped });
      await this.#deps.host.close(accountId);
      return;
    }
    if (needsUser(err)) {
      log.error({ err }, 'account cannot sync until its settings are fixed');
      this.#setHealth(accountId, { state: 'error', lastError: report.error, lastErrorAt: now, nextRetryAt: null, skipped });
      return;
    }
    const slot = this.#slot(accountId);
    slot.failures++;
    const wait = accountBackoffMs(slot.failures, err, this.#backoff, this.#deps.random);
    log.error({ err, failures: slot.failures, retryInMs: wait }, 'sync failed; backing off');
    this.#setHealth(accountId, { state: 'backoff', lastError: report.error, lastErrorAt: now, nextRetryAt: now + wait, skipped });
  }

  /** Who the user is in this account, stored once on the first successful sync. */
  async #storeMe(hosted: HostedConnector, log: Logger): Promise<void> {
    const { db } = this.#deps;
    const account = getAccount(db, hosted.account.id);
    if (!account || account.me.length > 0 || !hosted.instance.me) return;
    try {
      const me = await hosted.instance.me();
      if (me.length) {
        setAccountMe(db, account.id, me);
        this.#deps.bus.emit({ kind: 'accounts' });
      }
    } catch (err) {
      log.warn({ err }, 'could not read the account identity');
    }
  }

  #setHealth(accountId: string, patch: Partial<Omit<AccountHealth, 'accountId'>>): void {
    // The account may have been removed while it synced; there is nothing left to update then.
    if (!getHealth(this.#deps.db, accountId)) return;
    updateHealth(this.#deps.db, accountId, patch);
    this.#deps.bus.emit({ kind: 'health', accountId });
  }

  #scheduleNext(accountId: string): void {
    const slot = this.#slots.get(accountId);
    if (!this.#started || !slot) return;
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const health = getHealth(this.#deps.db, accountId);
    // 'auth' and settings errors wait for the user; a manual sync after the fix restarts the loop.
    if (!health || health.state === 'auth' || (health.state === 'error' && health.nextRetryAt == null)) return;
    const delay = health.nextRetryAt != null ? Math.max(0, health.nextRetryAt - this.#now()) : this.#intervalMs;
    slot.timer = setTimeout(() => void this.syncAccount(accountId), delay);
    void this.#watchers.start(accountId, this.#controller.signal);
  }

  /** Starts loops and watchers for new accounts and drops them for removed ones. */
  #refreshAccounts(): void {
    if (!this.#started) return;
    const ids = new Set(listAccounts(this.#deps.db).map((a) => a.id));
    for (const [id, slot] of this.#slots) {
      if (ids.has(id)) continue;
      clearTimeout(slot.timer);
      this.#slots.delete(id);
      void this.#watchers.stop(id);
    }
    for (const id of ids) {
      const known = this.#slots.get(id);
      if (known && (known.timer || known.running)) continue;
      const slot = this.#slot(id);
      const health = getHealth(this.#deps.db, id);
      if (health?.state === 'auth' || (health?.state === 'error' && health.nextRetryAt == null)) continue;
      // Honour a backoff that outlived a restart; otherwise sync at once.
      const delay = health?.nextRetryAt != null ? Math.max(0, health.nextRetryAt - this.#now()) : 0;
      slot.timer = setTimeout(() => void this.syncAccount(id), delay);
      void this.#watchers.start(id, this.#controller.signal);
    }
  }
}
