// One demo account: a generated workspace plus an in-memory journal of what happened since
// (arrival rounds, sent replies, read marks), served through runtime.call like a real provider.
import { z } from 'zod';
import type { ConnectorInstance, Draft, SendHooks, SendResult, SyncBatch, SyncStream } from '../contract/connector.ts';
import { BadResponse, CapabilityMissing, ConnectorError, CursorExpired, ProviderUnavailable, RateLimited } from '../contract/errors.ts';
import type { Conversation, Identity, UnifiedItem } from '../contract/models.ts';
import type { ConnectorRuntime } from '../contract/runtime.ts';
import { conversationItems, sentItem, type World } from './items.ts';
import { identityOn, makeMe, makePeople, meIdentities } from './people.ts';
import { planWorkspace, streamOfConversation, type ConvPlan, type Plan, type Stream } from './plan.ts';
import { hashSeed } from './prng.ts';
import { roundChanges, type Change } from './rounds.ts';
import { DemoSettings } from './settings.ts';

const STREAMS: readonly SyncStream[] = [
  { id: 'mail', label: 'Mail' },
  { id: 'chats', label: 'Chats (WhatsApp, Teams, Slack)' },
  { id: 'notes', label: 'Notes (OneNote)' },
];
const ROUND_STEP_MS = 10 * 60_000;

const Cursor = z.union([
  z.object({ v: z.literal(1), ws: z.number(), phase: z.literal('base'), conv: z.number().int().min(0), seq: z.number().int().min(0) }),
  z.object({ v: z.literal(1), ws: z.number(), seq: z.number().int().min(0) }),
]);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason as Error); }, { once: true });
  });
}

export class DemoInstance implements ConnectorInstance {
  readonly settings: DemoSettings;
  readonly world: World;
  readonly plan: Plan;
  readonly #runtime: ConnectorRuntime;
  readonly #byId = new Map<string, ConvPlan>();
  readonly #journal: Change[] = [];
  readonly #sent = new Map<string, SendResult>();
  readonly #openedAt = Date.now();
  readonly #ws: number;
  #rounds = 0;
  #manualRounds = 0;
  #calls = 0;
  #localOps = 0;

  constructor(runtime: ConnectorRuntime) {
    this.#runtime = runtime;
    this.settings = DemoSettings.parse(runtime.settings);
    const { seed, size } = this.settings;
    const people = makePeople(seed);
    const anchor = Date.parse(this.settings.anchor);
    this.world = { seed, me: makeMe(this.settings.meName, this.settings.meEmail), people, anchor };
    this.plan = planWorkspace(seed, size, people);
    for (const c of this.plan.conversations) this.#byId.set(c.id, c);
    this.#ws = hashSeed(seed, size);
  }

  /** Makes `rounds` rounds of new arrivals happen (tests and the UI's "simulate activity"). */
  advance(rounds = 1): void {
    this.#manualRounds += rounds;
    this.#catchUp();
  }

  /** Changes recorded so far (arrivals, sends, read marks), for tests. */
  get journalLength(): number {
    return this.#journal.length;
  }

  #catchUp(): void {
    const interval = this.settings.arrivalIntervalMs;
    const due = this.#manualRounds + (interval > 0 ? Math.floor((Date.now() - this.#openedAt) / interval) : 0);
    while (this.#rounds < due) {
      this.#rounds++;
      this.#journal.push(...roundChanges(this.world, this.plan.conversations, this.#rounds, this.#clock()));
    }
  }

  /** The demo world's "now": pinned to the anchor with clock 'anchor', so tests are repeatable. */
  #clock(): number {
    if (this.settings.clock === 'real') return Date.now();
    return this.world.anchor + this.#rounds * ROUND_STEP_MS + this.#localOps * 1000;
  }

  /** Every provider-like request goes through runtime.call, where the faults are injected. */
  #call<T>(op: string, perSync: { calls: number } | undefined, fn: () => T): Promise<T> {
    const s = this.settings;
    return this.#runtime.call(op, async (signal) => {
      this.#calls++;
      if (s.faults === 'slow') await sleep(s.latencyMs, signal);
      if (s.faults === 'failing' && (s.failEvery === 0 || this.#calls % s.failEvery === 0)) {
        throw new ProviderUnavailable(`demo: ${op} failed (simulated outage, call ${this.#calls})`);
      }
      if (s.faults === 'rate-limited' && perSync && perSync.calls++ < s.rateLimitedCalls) {
        throw new RateLimited(`demo: ${op} rate limited (simulated)`, s.retryAfterMs);
      }
      return fn();
    });
  }

  async testConnection() {
    const started = Date.now();
    try {
      await this.#call('demo.ping', undefined, () => true);
      return { ok: true, latencyMs: Date.now() - started, detail: `Demo workspace, seed ${this.settings.seed}, ${this.settings.size} items` };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return { ok: false, latencyMs: Date.now() - started, detail: error.message };
    }
  }

  async streams(): Promise<SyncStream[]> {
    return [...STREAMS];
  }

  async *sync(stream: string, cursor: unknown, signal: AbortSignal): AsyncIterable<SyncBatch> {
    if (!STREAMS.some((s) => s.id === stream)) throw new BadResponse(`demo: unknown stream "${stream}"`);
    const name = stream as Stream;
    this.#catchUp();
    const parsed = cursor === undefined ? undefined : Cursor.safeParse(cursor);
    if (parsed && (!parsed.success || parsed.data.ws !== this.#ws || parsed.data.seq > this.#journal.length)) {
      throw new CursorExpired(`demo: cursor for "${stream}" is not valid for this workspace`, stream);
    }
    const state = parsed?.data;
    const perSync = { calls: 0 };
    const pageSize = this.settings.pageSize;
    let seq = state?.seq ?? this.#journal.length;
    if (!state || 'phase' in state) {
      const convs = this.plan.conversations.filter((c) => c.stream === name);
      let next = state && 'phase' in state ? state.conv : 0;
      while (next < convs.length) {
        signal.throwIfAborted();
        const from = next;
        const page = await this.#call(`demo.list.${name}`, perSync, () => {
          const upserts: UnifiedItem[] = [];
          const conversations: Conversation[] = [];
          while (next < convs.length && upserts.length < pageSize) {
            const plan = convs[next++] as ConvPlan;
            const items = conversationItems(this.world, plan);
            upserts.push(...items);
            conversations.push(this.#conversation(plan, items));
          }
          return { upserts, conversations };
        });
        yield {
          ...page, deletions: [], estimatedTotal: this.plan.totals[name],
          cursor: { v: 1, ws: this.#ws, phase: 'base', conv: next, seq },
        };
        if (next === from) break;
      }
      // What happened before this first sync finished is replayed on top of the base pages.
      yield* this.#changes(name, 0, seq, perSync, signal, true);
      return;
    }
    seq = state.seq;
    yield* this.#changes(name, seq, this.#journal.length, perSync, signal, false);
  }

  async *#changes(name: Stream, from: number, to: number, perSync: { calls: number }, signal: AbortSignal, always: boolean): AsyncIterable<SyncBatch> {
    const pending = this.#journal.slice(from, to).map((c, i) => ({ c, seq: from + i })).filter((x) => x.c.stream === name);
    if (pending.length === 0) {
      if (always || from < to) yield { upserts: [], deletions: [], cursor: { v: 1, ws: this.#ws, seq: to } };
      return;
    }
    for (let i = 0; i < pending.length; i += this.settings.pageSize) {
      signal.throwIfAborted();
      const chunk = pending.slice(i, i + this.settings.pageSize);
      const last = i + this.settings.pageSize >= pending.length;
      const batch = await this.#call(`demo.changes.${name}`, perSync, () => ({
        upserts: chunk.flatMap((x) => (x.c.op === 'upsert' ? [x.c.item] : [])),
        patches: chunk.flatMap((x) => (x.c.op === 'patch' ? [x.c.patch] : [])),
        deletions: chunk.flatMap((x) => (x.c.op === 'delete' ? [x.c.externalId] : [])),
      }));
      yield { ...batch, cursor: { v: 1, ws: this.#ws, seq: last ? to : (chunk.at(-1)?.seq ?? from) + 1 } };
    }
  }

  #conversation(plan: ConvPlan, items: UnifiedItem[]): Conversation {
    const first = items[0];
    const channel = plan.channel === 'onenote' ? 'email' : plan.channel;
    const title = plan.title || (first?.kind === 'email' ? first.subject : (plan.members[0]?.name ?? first?.sender.name ?? ''));
    return {
      externalId: plan.id, kind: plan.stream === 'mail' ? 'email' : plan.stream === 'notes' ? 'note' : 'message', source: plan.source, title,
      participants: plan.style === 'bulk' ? [] : [identityOn(this.world.me, channel), ...plan.members.map((p) => identityOn(p, channel))],
    };
  }

  async send(draft: Draft, _signal: AbortSignal, hooks?: SendHooks): Promise<SendResult> {
    const done = this.#sent.get(draft.idempotencyKey);
    if (done) return done;
    const conversationId = draft.replyTo?.conversationId;
    if (!conversationId) throw new CapabilityMissing('demo: only replies into existing conversations can be sent');
    const plan = this.#byId.get(conversationId);
    if (!plan) throw new BadResponse(`demo: unknown conversation "${conversationId}"`);
    if (plan.stream === 'notes') throw new CapabilityMissing('demo: notes cannot be replied to');
    return this.#call('demo.send', undefined, () => {
      this.#localOps++;
      const externalId = `${plan.id}/s-${hashSeed(draft.idempotencyKey).toString(36)}`;
      const item = sentItem(this.world, plan, externalId, this.#clock(), draft);
      hooks?.submitted?.();
      const result: SendResult = { externalId, sentAt: item.sentAt, item, stream: plan.stream };
      this.#sent.set(draft.idempotencyKey, result);
      this.#journal.push({ stream: plan.stream, op: 'upsert', item });
      return result;
    });
  }

  async checkSent(draft: Draft, _signal?: AbortSignal) {
    return this.#call('demo.checkSent', undefined, () => {
      const result = this.#sent.get(draft.idempotencyKey);
      return result ? { status: 'sent' as const, result } : { status: 'not-sent' as const };
    });
  }

  async markRead(externalIds: string[], read: boolean, _signal?: AbortSignal): Promise<void> {
    await this.#call('demo.markRead', undefined, () => {
      for (const externalId of externalIds) {
        const conversationId = externalId.slice(0, externalId.lastIndexOf('/'));
        const stream = this.#byId.has(conversationId) ? streamOfConversation(conversationId) : undefined;
        if (stream && stream !== 'notes') this.#journal.push({ stream, op: 'patch', patch: { externalId, isUnread: !read } });
      }
    });
  }

  async me(): Promise<Identity[]> {
    return meIdentities(this.world.me);
  }

  async close(): Promise<void> {}
}
