// The connector contract: one shape for every provider, found through connectors/registry.ts.
import type { z } from 'zod';
import type { Conversation, Identity, ItemKind, ItemPatch, SourceId, UnifiedItem } from './models.ts';
import type { ConnectorRuntime } from './runtime.ts';

export type Capability = 'reply' | 'markRead' | 'incremental' | 'push' | 'serverSearch' | 'createNote' | 'attachments';

export interface RateLimits {
  perSecond?: number;
  perMinute?: number;
  perHour?: number;
  perDay?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

export interface ConnectorManifest<S extends z.ZodType = z.ZodType> {
  id: SourceId;
  kind: ItemKind | 'mixed';
  displayName: string;
  authType: 'password' | 'oauth2' | 'token' | 'none';
  /** The settings UI is generated from this schema; secrets are fields listed in `secretFields`. */
  settings: S;
  /** Settings fields that go to the SecretStore, never to SQLite. */
  secretFields: readonly string[];
  capabilities: readonly Capability[];
  rateLimits: RateLimits;
}

/** One page of sync output. The orchestrator commits it and its cursor in one transaction. */
export interface SyncBatch {
  upserts: UnifiedItem[];
  deletions: string[];
  patches?: ItemPatch[];
  conversations?: Conversation[];
  /** The stream's cursor after this batch; opaque JSON owned by the connector. */
  cursor: unknown;
  /** Items that could not be mapped (bad payloads): logged and skipped, shown in account health. */
  skipped?: { externalId?: string; reason: string }[];
  /** For progress on long initial syncs: how many items the stream holds in all, if known. */
  estimatedTotal?: number;
}

export interface TestResult {
  ok: boolean;
  latencyMs: number;
  detail: string;
}

/** A reply or new message. `replyTo` is the externalId of the item answered. */
export interface Draft {
  /** Idempotency key from the outbox; providers that support one get it, others use it as Message-ID seed. */
  idempotencyKey: string;
  replyTo?: { externalId: string; conversationId: string; item?: UnifiedItem };
  to: Identity[];
  cc?: Identity[];
  subject?: string;
  text: string;
  html?: string;
}

export interface SendResult {
  /** The provider's id of the sent item (Message-ID for mail). */
  externalId: string;
  sentAt: string;
  /** The sent item, when the connector can build it; cached at once so the conversation shows it. */
  item?: UnifiedItem;
  /** The stream the sent item will show up in on the next sync (so the cached copy is the same row). */
  stream?: string;
}

export interface SendHooks {
  /**
   * Called the moment the provider has accepted the message (SMTP 250 after DATA, HTTP 2xx), before
   * any filing step (IMAP APPEND to Sent). The outbox records it synchronously, so that after a
   * crash it knows not to send again.
   */
  submitted?(): void;
}

/** A send whose outcome is unknown (crash mid-send) is checked with this before any retry. */
export type SendCheck = { status: 'sent'; result: SendResult } | { status: 'not-sent' } | { status: 'unknown' };

export interface SyncStream {
  /** Stable id of the stream (a folder path, `history`, a chat id). */
  id: string;
  /** Shown in health and progress. */
  label: string;
}

export interface ConnectorInstance {
  testConnection(): Promise<TestResult>;
  /** The streams to sync, each with its own cursor (IMAP: one per folder). */
  streams(): Promise<SyncStream[]>;
  /** Pages from `cursor` (undefined: initial sync). Throws CursorExpired when the cursor is dead. */
  sync(stream: string, cursor: unknown, signal: AbortSignal): AsyncIterable<SyncBatch>;
  /** Sends; the Message-ID (or provider idempotency key) is derived from draft.idempotencyKey. */
  send?(draft: Draft, signal: AbortSignal, hooks?: SendHooks): Promise<SendResult>;
  /** Whether a draft with this idempotency key already reached the provider (Message-ID in Sent). */
  checkSent?(draft: Draft, signal: AbortSignal): Promise<SendCheck>;
  /** After a crash between submission and filing: files the sent copy without sending again. */
  fileSent?(draft: Draft, signal: AbortSignal): Promise<SendResult>;
  markRead?(externalIds: string[], read: boolean, signal: AbortSignal): Promise<void>;
  /** Push: calls `onChange` with the streams that changed; returns a stop function. */
  watch?(onChange: (streams: string[]) => void, signal: AbortSignal): Promise<() => Promise<void>>;
  /** Who the user is in this account, for "from me" and "addressed to me". */
  me?(): Promise<Identity[]>;
  close(): Promise<void>;
}

export interface ConnectorDefinition<S extends z.ZodType = z.ZodType> {
  manifest: ConnectorManifest<S>;
  create(runtime: ConnectorRuntime): ConnectorInstance;
}

/** Identity helper that keeps the settings type flowing from the manifest into `create`. */
export function defineConnector<S extends z.ZodType>(definition: ConnectorDefinition<S>): ConnectorDefinition<S> {
  return definition;
}

export function hasCapability(manifest: ConnectorManifest, capability: Capability): boolean {
  return manifest.capabilities.includes(capability);
}
