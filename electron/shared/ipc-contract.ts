// Every renderer→main call, declared once: the preload allow-lists these keys, main parses `input` with
// them before a handler runs and `output` after it, and browser mode carries the same calls over a
// WebSocket. Channel names are never written anywhere else.
import { z } from 'zod';
import { Account, Identity, ItemKind, ItemSummary, SourceId, UnifiedItem } from '../../connectors/contract/models.ts';

const Id = z.string().min(1).max(200);
const ItemId = z.number().int().positive();
const EpochMs = z.number().int().nonnegative();
const Page = { limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).max(1_000_000).default(0) };
/** A page of items and where the next one starts (null: this was the last). */
const ItemPage = z.object({ items: z.array(ItemSummary), nextOffset: z.number().int().nullable() });

// ---- Accounts -------------------------------------------------------------------------------------

export const AccountState = z.enum(['idle', 'syncing', 'error', 'auth', 'backoff']);

/** Health as the accounts screen shows it (services/orchestrator getAccountStatus). */
export const AccountStatus = z.object({
  state: AccountState,
  lastSuccessAt: EpochMs.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: EpochMs.nullable(),
  nextRetryAt: EpochMs.nullable(),
  skipped: z.number().int().nonnegative(),
  streams: z.array(z.object({ stream: z.string(), updatedAt: EpochMs, cursorAgeMs: EpochMs, generation: z.number().int() })),
  /** Age of the stalest stream cursor; null before the first sync. */
  cursorAgeMs: EpochMs.nullable(),
});
export type AccountStatus = z.infer<typeof AccountStatus>;

export const AccountInfo = Account.extend({ me: z.array(Identity), status: AccountStatus.nullable() });
export type AccountInfo = z.infer<typeof AccountInfo>;

export const Capability = z.enum(['reply', 'markRead', 'incremental', 'push', 'serverSearch', 'createNote', 'attachments']);

export const ConnectorInfo = z.object({
  id: SourceId,
  displayName: z.string(),
  kind: z.union([ItemKind, z.literal('mixed')]),
  authType: z.enum(['password', 'oauth2', 'token', 'none']),
  capabilities: z.array(Capability),
  /** JSON Schema (draft 2020-12) of the settings form; secret properties carry `writeOnly: true` and `format: 'password'`. */
  settingsSchema: z.record(z.string(), z.unknown()),
  secretFields: z.array(z.string()),
});
export type ConnectorInfo = z.infer<typeof ConnectorInfo>;

export const SyncReport = z.object({
  accountId: z.string(),
  ok: z.boolean(),
  upserted: z.number().int(),
  deleted: z.number().int(),
  patched: z.number().int(),
  skipped: z.number().int(),
  streams: z.array(z.string()),
  error: z.string().optional(),
});

// ---- Items, actions, outbox ----------------------------------------------------------------------

export const ItemDetail = z.object({ id: ItemId, accountId: z.string(), externalId: z.string(), item: UnifiedItem });
export type ItemDetail = z.infer<typeof ItemDetail>;

export const NextAction = z.object({
  key: z.string(),
  kind: z.enum(['reply', 'follow-up', 'catch-up']),
  score: z.number(),
  title: z.string(),
  reason: z.string(),
  itemIds: z.array(z.number().int()),
  accountId: z.string(),
  conversationId: z.string(),
});
export type NextAction = z.infer<typeof NextAction>;

export const OutboxState = z.enum(['pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled']);

/** An outbox entry as the UI needs it: the draft without the replied item (that is in the cache already). */
export const OutboxView = z.object({
  id: z.string(),
  accountId: z.string(),
  replyToItemId: z.number().int().nullable(),
  state: OutboxState,
  sendAfter: EpochMs,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  submittedAt: EpochMs.nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  draft: z.object({
    to: z.array(Identity),
    cc: z.array(Identity),
    subject: z.string().optional(),
    text: z.string(),
    html: z.string().optional(),
  }),
  result: z.object({ externalId: z.string(), sentAt: z.string() }).nullable(),
});
export type OutboxView = z.infer<typeof OutboxView>;

const ReplyText = z.string().max(200_000);
const Done = z.object({ ok: z.literal(true) });

// ---- The contract ---------------------------------------------------------------------------------

export const ipcContract = {
  'accounts.list': { input: z.void(), output: z.array(AccountInfo) },
  'accounts.add': {
    input: z.object({ connector: z.string().min(1).max(50), name: z.string().min(1).max(200).optional(), settings: z.record(z.string(), z.unknown()) }),
    output: AccountInfo,
  },
  'accounts.remove': { input: z.object({ id: Id }), output: Done },
  'accounts.test': { input: z.object({ id: Id }), output: z.object({ ok: z.boolean(), latencyMs: z.number(), detail: z.string() }) },
  'connectors.list': { input: z.void(), output: z.array(ConnectorInfo) },
  /** Syncs one account, or all when accountId is left out; progress arrives as events meanwhile. */
  'sync.run': { input: z.object({ accountId: Id.optional() }), output: z.array(SyncReport) },
  'inbox.list': {
    input: z.object({ source: SourceId.optional(), accountId: Id.optional(), kind: ItemKind.optional(), unread: z.boolean().optional(), ...Page }),
    output: ItemPage,
  },
  /** A malformed query is the error code 'bad-query' with the column of the problem. */
  'search.query': { input: z.object({ q: z.string().max(2000), accountId: Id.optional(), ...Page }), output: ItemPage },
  /** The full item, HTML included as stored: the renderer sanitizes it before showing it. */
  'items.get': { input: z.object({ id: ItemId }), output: ItemDetail },
  'items.markRead': {
    input: z.object({ ids: z.array(ItemId).min(1).max(500), read: z.boolean().default(true) }),
    output: z.object({ updated: z.array(ItemId) }),
  },
  'conversation.list': {
    input: z.object({ accountId: Id, conversationId: z.string().min(1).max(1000), limit: z.number().int().min(1).max(2000).default(500) }),
    output: z.object({ items: z.array(ItemSummary) }),
  },
  'actions.list': { input: z.object({ limit: z.number().int().min(1).max(500).default(50) }), output: z.array(NextAction) },
  'actions.dismiss': { input: z.object({ key: z.string().min(1).max(1000) }), output: Done },
  'actions.snooze': { input: z.object({ key: z.string().min(1).max(1000), until: EpochMs }), output: Done },
  'outbox.list': {
    input: z.object({ states: z.array(OutboxState).optional(), accountId: Id.optional() }),
    output: z.array(OutboxView),
  },
  'outbox.queueReply': {
    input: z.object({
      accountId: Id,
      replyToItemId: ItemId,
      text: ReplyText,
      html: ReplyText.optional(),
      to: z.array(Identity).max(100).optional(),
      cc: z.array(Identity).max(100).optional(),
      subject: z.string().max(1000).optional(),
    }),
    output: OutboxView,
  },
  'outbox.cancel': { input: z.object({ id: Id }), output: OutboxView },
  'outbox.retry': { input: z.object({ id: Id }), output: OutboxView },
  'outbox.discard': { input: z.object({ id: Id }), output: OutboxView },
  'outbox.edit': { input: z.object({ id: Id, text: ReplyText, html: ReplyText.optional() }), output: OutboxView },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
/** What a caller passes (defaults not yet applied). */
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
/** What a handler receives (parsed, defaults applied). */
export type IpcParsedInput<C extends IpcChannel> = z.output<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<IpcContract[C]['output']>;

export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];

export function isIpcChannel(value: unknown): value is IpcChannel {
  // Own keys only: "__proto__" or "toString" are not channels.
  return typeof value === 'string' && Object.hasOwn(ipcContract, value);
}

// ---- Results and the wire ------------------------------------------------------------------------

export const IpcErrorCode = z.enum([
  'bad-request', // the input does not fit the contract
  'unknown-channel',
  'bad-query', // search syntax; `column` says where
  'invalid-settings', // `field` names the setting
  'unknown-connector',
  'not-found', // account, item or outbox entry
  'outbox', // an outbox rule (undo too late, empty reply): the message says what to do
  'unsupported', // the connector lacks the capability
  'auth-expired', // the account must sign in again
  'unavailable', // the provider is down or rate-limited; try later
  'busy', // too many calls in flight on one connection
  'too-large',
  'internal', // a bug: logged in main, never shown raw
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcError = z.object({
  code: IpcErrorCode,
  message: z.string(),
  column: z.number().int().optional(),
  field: z.string().optional(),
});
export type IpcError = z.infer<typeof IpcError>;

export type IpcResult<C extends IpcChannel = IpcChannel> = { ok: true; result: IpcOutput<C> } | { ok: false; error: IpcError };

/** Browser mode: one request frame per call; the answer echoes `id`. */
// `input` optional: JSON drops an undefined value, and zod 4 treats a missing z.unknown() key as an
// error, which made every void-input call (accounts.list) unreachable over the WebSocket.
export const WireRequest = z.object({ id: z.union([z.string().max(64), z.number().int()]), channel: z.string().max(100), input: z.unknown().optional() });
export type WireRequest = z.infer<typeof WireRequest>;
export type WireResponse = { id: WireRequest['id'] | null } & IpcResult;
