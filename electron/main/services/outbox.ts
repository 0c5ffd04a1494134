// The outbox: replies wait out the undo window, then go out exactly once, even across crashes.
// The rule that keeps it safe: an entry is marked `sending` (fsynced) before the provider is called,
// and one left `sending` is never sent again without the provider confirming it does not have it.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../connectors/contract/runtime.ts';
import type { ConnectorInstance, Draft, SendResult } from '../../../connectors/contract/connector.ts';
import { CapabilityMissing, ConnectorError, RateLimited, SendOutcomeUnknown } from '../../../connectors/contract/errors.ts';
import { getAccount } from '../store/accounts.ts';
import type { ChangeBus } from '../store/changes.ts';
import { writeTransaction, type WriteDb } from '../store/db.ts';
import { getItem } from '../store/items.ts';
import { durably, getOutbox, insertOutbox, listDue, listOutbox, markSubmitted, transition } from '../store/outbox.ts';
import type { OutboxEntry, OutboxState } from '../store/outbox.ts';
import { cacheSentItem } from './outbox-sent-item.ts';
import { buildReplyDraft, describeFailure, errorText, NOTES, OutboxError, type ReplyInput } from './outbox-draft.ts';

export { instanceFromHost, OutboxError } from './outbox-draft.ts';
export type { OutboxEntry, OutboxState } from '../store/outbox.ts';

export const DEFAULT_UNDO_MS = 5000;
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface OutboxDeps {
  db: WriteDb;
  bus: ChangeBus;
  /** The account's live connector; in the app: instanceFromHost(host). */
  getInstance: (accountId: string) => Promise<ConnectorInstance>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
  /** Undo-send window in ms. */
  undoMs?: number;
  /** Sends tried per entry before it is `failed` (retryable errors only). */
  maxAttempts?: number;
  /** Wait before retry number `attempt + 1` when the provider gave no Retry-After. */
  backoffMs?: (attempt: number) => number;
}

export interface QueueReplyInput extends ReplyInput {
  accountId: string;
  replyToItemId: number;
}

export interface FlushReport {
  sent: string[];
  retrying: string[];
  failed: string[];
  /** Left `sending` because stop() aborted them; recover() settles them at the next start. */
  interrupted: string[];
}

export interface RecoverReport {
  sent: string[];
  requeued: string[];
  unknown: string[];
}

type Outcome = keyof FlushReport | 'skipped';
type Changes = Parameters<typeof transition>[5];

/** 2 s, 4 s, 8 s, … capped at 5 minutes. */
export function defaultBackoff(attempt: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

export class Outbox {
  readonly #deps: OutboxDeps;
  readonly #now: () => number;
  readonly #undoMs: number;
  readonly #maxAttempts: number;
  readonly #backoff: (attempt: number) => number;
  /** Ids this process is sending or settling: recover() must not judge them as crashed. */
  readonly #inFlight = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#undoMs = deps.undoMs ?? DEFAULT_UNDO_MS;
    this.#maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#backoff = deps.backoffMs ?? defaultBackoff;
  }

  /** Writes the reply `pending`; it goes out when the undo window is over. */
  queueReply(input: QueueReplyInput): OutboxEntry {
    const { db } = this.#deps;
    const replied = getItem(db, input.replyToItemId);
    if (!replied || replied.accountId !== input.accountId) {
      throw new OutboxError('The message being answered is no longer in this account.');
    }
    const account = getAccount(db, input.accountId);
    if (!account) throw new OutboxError(`No account ${input.accountId}.`);
    const id = randomUUID();
    const draft = buildReplyDraft(id, replied.item, account.me, input);
    const now = this.#now();
    const entry = writeTransaction(db, () =>
      insertOutbox(db, { id, accountId: input.accountId, replyToItemId: input.replyToItemId, draft, sendAfter: now + this.#undoMs, now }),
    );
    this.#changed(id);
    return entry;
  }

  get(id: string): OutboxEntry | undefined {
    return getOutbox(this.#deps.db, id);
  }

  list(opts: { states?: readonly OutboxState[]; accountId?: string } = {}): OutboxEntry[] {
    return listOutbox(this.#deps.db, opts);
  }

  /** Undo send: only while the entry is still `pending`. */
  cancel(id: string): OutboxEntry {
    const entry = this.#move(id, ['pending'], 'cancelled');
    if (entry) return entry;
    const current = this.#require(id);
    if (current.state === 'cancelled') return current;
    if (current.state === 'sending' || current.state === 'sent') {
      throw new OutboxError('This reply is already sending; it can no longer be undone.');
    }
    throw new OutboxError(`This reply is ${current.state}; discard it instead of undoing it.`);
  }

  /** The user's choice for a failed or unknown entry: send it again (same idempotency key). */
  retry(id: string): OutboxEntry {
    const entry = this.#move(id, ['failed', 'unknown'], 'pending', { sendAfter: this.#now(), attempts: 'reset' });
    if (entry) return entry;
    throw new OutboxError(`Only failed or unknown replies can be retried; this one is ${this.#require(id).state}.`);
  }

  /** The user's choice for a failed or unknown entry: give up on it. */
  discard(id: string): OutboxEntry {
    const entry = this.#move(id, ['failed', 'unknown'], 'cancelled');
    if (entry) return entry;
    throw new OutboxError(`Only failed or unknown replies can be discarded; this one is ${this.#require(id).state}.`);
  }

  /** Rewrites a failed reply's text; it stays failed until retry(id). */
  edit(id: string, text: string, html?: string): OutboxEntry {
    const current = this.#require(id);
    if (current.state !== 'failed') throw new OutboxError(`Only a failed reply can be edited; this one is ${current.state}.`);
    if (!text.trim() && !html?.trim()) throw new OutboxError('The reply is empty.');
    const { html: _old, ...rest } = current.draft;
    const draft: Draft = { ...rest, text, ...(html ? { html } : {}) };
    const entry = this.#move(id, ['failed'], 'failed', { draft });
    if (!entry) throw new OutboxError('This reply changed while it was being edited; try again.');
    return entry;
  }

  /** Sends every due entry once. Calls are serialised, so overlapping flushes never race. */
  flush(now: number = this.#now()): Promise<FlushReport> {
    const run = this.#queue.then(() => this.#flushDue(now));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** At startup: settles entries a crash left `sending`. Never resends without the provider's word. */
  recover(): Promise<RecoverReport> {
    const run = this.#queue.then(() => this.#recoverAll());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Recovers, then sends due entries every `intervalMs` until stop(). */
  start(opts: { intervalMs?: number } = {}): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    const interval = opts.intervalMs ?? 500;
    const tick = async (): Promise<void> => {
      if (!this.#running) return;
      try {
        await this.flush();
      } catch (err) {
        this.#deps.log.error({ err }, 'outbox flush failed');
      }
      if (this.#running) this.#timer = setTimeout(() => void tick(), interval).unref();
    };
    void this.recover().catch((err: unknown) => this.#deps.log.error({ err }, 'outbox recovery failed')).then(tick);
  }

  /** Stops the loop. In-flight sends finish unless `abortInFlight` (they are then settled by recover()). */
  async stop(opts: { abortInFlight?: boolean } = {}): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    if (opts.abortInFlight) this.#abort.abort(new Error('Switchboard is closing'));
    await this.#queue;
    this.#abort = new AbortController(); // a later flush() or start() works again
  }

  async #flushDue(now: number): Promise<FlushReport> {
    const report: FlushReport = { sent: [], retrying: [], failed: [], interrupted: [] };
    for (const entry of listDue(this.#deps.db, now)) {
      if (this.#abort.signal.aborted) break;
      const outcome = await this.#sendOne(entry, now);
      if (outcome !== 'skipped') report[outcome].push(entry.id);
    }
    return report;
  }

  async #sendOne(due: OutboxEntry, now: number): Promise<Outcome> {
    const { db, log } = this.#deps;
    // Committed and fsynced before the provider hears of it: a crash from here on is a `sending` row.
    const entry = durably(db, () => transition(db, due.id, ['pending'], 'sending', now, { attempts: 'increment' }));
    if (!entry) return 'skipped'; // cancelled since it was listed
    this.#changed(entry.id);
    this.#inFlight.add(entry.id);
    const signal = this.#abort.signal;
    let submitted = false;
    let instance: ConnectorInstance | undefined;
    try {
      instance = await this.#deps.getInstance(entry.accountId);
      if (!instance.send) throw new CapabilityMissing('the connector has no send');
      // A repeat attempt may follow a timeout the provider did in fact act on: ask before resending.
      if ((entry.attempts > 1 || entry.lastError !== null) && instance.checkSent) {
        const check = await instance.checkSent(entry.draft, signal).catch(() => undefined);
        if (check?.status === 'sent') return this.#markSent(entry, check.result, now);
      }
      const hooks = {
        submitted: (): void => {
          if (submitted) return;
          submitted = true;
          durably(db, () => markSubmitted(db, entry.id, this.#now()));
        },
      };
      const result = await instance.send(entry.draft, signal, hooks);
      hooks.submitted(); // for connectors that never call it: a resolved send was accepted
      return this.#markSent(entry, result, now);
    } catch (err) {
      if (submitted) {
        log.warn({ id: entry.id, err }, 'send failed after the provider accepted it; filing only');
        return await this.#settleSubmitted(entry, now, instance);
      }
      if (signal.aborted) {
        log.warn({ id: entry.id }, 'send interrupted by stop; recover() will check it');
        return 'interrupted';
      }
      return this.#markError(entry, err, now);
    } finally {
      this.#inFlight.delete(entry.id);
    }
  }

  #markError(entry: OutboxEntry, err: unknown, now: number): Outcome {
    const message = errorText(err);
    if (err instanceof SendOutcomeUnknown) {
      this.#deps.log.warn({ id: entry.id, err: message }, 'send outcome unknown; waiting for the user');
      this.#move(entry.id, ['sending'], 'unknown', { lastError: `${NOTES.cutOff} (${message})` }, now);
      return 'failed';
    }
    const retryable = err instanceof ConnectorError && err.retryable;
    if (retryable && entry.attempts < this.#maxAttempts) {
      const wait = err instanceof RateLimited && err.retryAfterMs !== undefined ? err.retryAfterMs : this.#backoff(entry.attempts);
      this.#deps.log.warn({ id: entry.id, attempts: entry.attempts, wait, err: message }, 'send will be retried');
      this.#move(entry.id, ['sending'], 'pending', { sendAfter: now + wait, lastError: message }, now);
      return 'retrying';
    }
    this.#deps.log.error({ id: entry.id, err: message }, 'send failed');
    this.#move(entry.id, ['sending'], 'failed', { lastError: describeFailure(err, entry.attempts) }, now);
    return 'failed';
  }

  /** The provider accepted the entry: never send again; file the copy if it is not in Sent. */
  async #settleSubmitted(entry: OutboxEntry, now: number, instance?: ConnectorInstance): Promise<'sent'> {
    const signal = this.#abort.signal;
    try {
      const connector = instance ?? (await this.#deps.getInstance(entry.accountId));
      const check = connector.checkSent ? await connector.checkSent(entry.draft, signal).catch(() => undefined) : undefined;
      if (check?.status === 'sent') return this.#markSent(entry, check.result, now);
      if (connector.fileSent) return this.#markSent(entry, await connector.fileSent(entry.draft, signal), now);
      return this.#markSent(entry, null, now, NOTES.notFiled);
    } catch (err) {
      this.#deps.log.warn({ id: entry.id, err }, 'filing the sent copy failed');
      return this.#markSent(entry, null, now, NOTES.notFiled);
    }
  }

  /** `sent`, then the sent item into the cache (a bad item must not undo the state change). */
  #markSent(entry: OutboxEntry, result: SendResult | null, now: number, note?: string): 'sent' {
    const done = this.#move(entry.id, ['sending'], 'sent', { result, lastError: note ?? null }, now);
    if (done && result?.item) cacheSentItem(this.#deps, entry.accountId, result.item, result.stream);
    return 'sent';
  }

  async #recoverAll(): Promise<RecoverReport> {
    const report: RecoverReport = { sent: [], requeued: [], unknown: [] };
    const stuck = listOutbox(this.#deps.db, { states: ['sending'] }).filter((e) => !this.#inFlight.has(e.id));
    for (const entry of stuck) {
      this.#inFlight.add(entry.id);
      try {
        const outcome = await this.#recoverOne(entry);
        report[outcome].push(entry.id);
      } finally {
        this.#inFlight.delete(entry.id);
      }
    }
    if (stuck.length) this.#deps.log.info({ ...report }, 'outbox recovered entries left sending');
    return report;
  }

  async #recoverOne(entry: OutboxEntry): Promise<keyof RecoverReport> {
    const now = this.#now();
    let instance: ConnectorInstance;
    try {
      instance = await this.#deps.getInstance(entry.accountId);
    } catch (err) {
      if (entry.submittedAt !== null) return this.#markSent(entry, null, now, NOTES.notFiled);
      this.#move(entry.id, ['sending'], 'unknown', { lastError: `${NOTES.checkUnknown} (${errorText(err)})` }, now);
      return 'unknown';
    }
    if (entry.submittedAt !== null) return this.#settleSubmitted(entry, now, instance);
    if (!instance.checkSent) {
      this.#move(entry.id, ['sending'], 'unknown', { lastError: NOTES.noCheck }, now);
      return 'unknown';
    }
    let check;
    try {
      check = await instance.checkSent(entry.draft, this.#abort.signal);
    } catch (err) {
      check = { status: 'unknown' as const, error: errorText(err) };
    }
    if (check.status === 'sent') return this.#markSent(entry, check.result, now);
    if (check.status === 'not-sent') {
      this.#move(entry.id, ['sending'], 'pending', { sendAfter: now, lastError: NOTES.requeued }, now);
      return 'requeued';
    }
    const detail = 'error' in check ? ` (${check.error})` : '';
    this.#move(entry.id, ['sending'], 'unknown', { lastError: NOTES.checkUnknown + detail }, now);
    return 'unknown';
  }

  #move(id: string, from: readonly OutboxState[], to: OutboxState, set: Changes = {}, now = this.#now()): OutboxEntry | undefined {
    const { db } = this.#deps;
    const entry = writeTransaction(db, () => transition(db, id, from, to, now, set));
    if (entry) this.#changed(id);
    return entry;
  }

  #require(id: string): OutboxEntry {
    const entry = getOutbox(this.#deps.db, id);
    if (!entry) throw new OutboxError(`No outbox entry ${id}.`);
    return entry;
  }

  /** A throwing listener must not break a state change that is already committed. */
  #changed(id: string): void {
    try {
      this.#deps.bus.emit({ kind: 'outbox', ids: [id] });
    } catch (err) {
      this.#deps.log.warn({ id, err }, 'an outbox change listener failed');
    }
  }
}
