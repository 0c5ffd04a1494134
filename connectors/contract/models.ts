// Unified models: what every connector maps provider payloads into, and what the store keeps.
// Provider payloads are parsed with a provider schema first and mapped into these second.
import { z } from 'zod';

/** Where an item comes from, as a person sees it (the demo source produces several of these). */
export const SourceId = z.enum(['gmail', 'outlook', 'imap', 'teams', 'whatsapp', 'slack', 'onenote', 'demo']);
export type SourceId = z.infer<typeof SourceId>;

export const ItemKind = z.enum(['email', 'message', 'note']);
export type ItemKind = z.infer<typeof ItemKind>;

/** One address of a person in one system: an email address, a phone number, a Slack or Teams user id. */
export const Identity = z.object({
  kind: z.enum(['email', 'phone', 'slack', 'teams', 'other']),
  address: z.string().min(1),
  name: z.string().optional(),
});
export type Identity = z.infer<typeof Identity>;

export const Person = z.object({
  id: z.string(),
  displayName: z.string(),
  identities: z.array(Identity),
});
export type Person = z.infer<typeof Person>;

export const Attachment = z.object({
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Provider-side handle to fetch the bytes later (IMAP body part, Gmail attachment id, …). */
  ref: z.string().optional(),
  inline: z.boolean().default(false),
});
export type Attachment = z.infer<typeof Attachment>;

const ItemBase = z.object({
  /** Stable within the account; (accountId, externalId) is the key of every cached item. */
  externalId: z.string().min(1),
  source: SourceId,
  /** Thread, chat, channel or notebook section the item belongs to. */
  conversationId: z.string().min(1),
  sentAt: z.iso.datetime({ offset: true }),
  sender: Identity,
  recipients: z.array(Identity).default([]),
  text: z.string().default(''),
  isUnread: z.boolean().default(false),
  isStarred: z.boolean().default(false),
  fromMe: z.boolean().default(false),
  /** Folders or labels (`in:` in search): inbox, sent, archive, or a provider label. Lower case. */
  folders: z.array(z.string()).default([]),
  attachments: z.array(Attachment).default([]),
  /**
   * Matches the same item when a stream's ids are reissued (IMAP UIDVALIDITY change): the
   * Message-ID for mail. Resyncs reconcile by it so nothing is duplicated or lost.
   */
  reconcileKey: z.string().optional(),
});

export const UnifiedEmail = ItemBase.extend({
  kind: z.literal('email'),
  subject: z.string().default(''),
  html: z.string().optional(),
  messageId: z.string().optional(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).default([]),
  cc: z.array(Identity).default([]),
  /** Set when the MIME could only be partly parsed: the item is kept, and the reason shown. */
  parseWarning: z.string().optional(),
});
export type UnifiedEmail = z.infer<typeof UnifiedEmail>;

export const UnifiedMessage = ItemBase.extend({
  kind: z.literal('message'),
  html: z.string().optional(),
  /** The message this one replies to in a thread (Slack thread_ts, Teams replyToId). */
  replyTo: z.string().optional(),
});
export type UnifiedMessage = z.infer<typeof UnifiedMessage>;

export const UnifiedNote = ItemBase.extend({
  kind: z.literal('note'),
  title: z.string().default(''),
  html: z.string().optional(),
  /** Notebook / section path shown with the note. */
  location: z.string().default(''),
});
export type UnifiedNote = z.infer<typeof UnifiedNote>;

export const UnifiedItem = z.discriminatedUnion('kind', [UnifiedEmail, UnifiedMessage, UnifiedNote]);
export type UnifiedItem = z.infer<typeof UnifiedItem>;
export type UnifiedItemInput = z.input<typeof UnifiedItem>;

export const Conversation = z.object({
  externalId: z.string().min(1),
  kind: ItemKind,
  source: SourceId,
  title: z.string().default(''),
  participants: z.array(Identity).default([]),
});
export type Conversation = z.infer<typeof Conversation>;

/** A change to an item's state only (IMAP CONDSTORE flags, a Gmail label change): no refetch. */
export const ItemPatch = z.object({
  externalId: z.string().min(1),
  isUnread: z.boolean().optional(),
  isStarred: z.boolean().optional(),
  folders: z.array(z.string()).optional(),
});
export type ItemPatch = z.infer<typeof ItemPatch>;

export const Account = z.object({
  id: z.string(),
  connector: z.string(),
  name: z.string(),
  /** Settings without secrets; secrets live in the SecretStore under the account id. */
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type Account = z.infer<typeof Account>;

/** What the user is, per account: used for "from me" and "addressed to me". */
export const Me = z.object({ identities: z.array(Identity) });
export type Me = z.infer<typeof Me>;

/** A cached item as lists and search results show it. `id` is the cache's own row id. */
export const ItemSummary = z.object({
  id: z.number().int(),
  accountId: z.string(),
  externalId: z.string(),
  kind: ItemKind,
  source: SourceId,
  conversationId: z.string(),
  sentAt: z.string(),
  senderName: z.string(),
  senderAddress: z.string(),
  subject: z.string(),
  snippet: z.string(),
  isUnread: z.boolean(),
  isStarred: z.boolean(),
  fromMe: z.boolean(),
  hasAttachments: z.boolean(),
});
export type ItemSummary = z.infer<typeof ItemSummary>;
