// Helpers of the outbox: the Draft of a reply, failure messages a person can act on, the host adapter.
import { hasCapability, type ConnectorDefinition, type ConnectorInstance, type Draft } from '../../../connectors/contract/connector.ts';
import { AuthExpired, BadResponse, CapabilityMissing, ConnectorError } from '../../../connectors/contract/errors.ts';
import type { Identity, UnifiedItem } from '../../../connectors/contract/models.ts';

/** A wrong use of the outbox (undo too late, empty reply, unknown id): the message is shown as is. */
export class OutboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxError';
  }
}

export interface ReplyInput {
  text: string;
  html?: string;
  to?: Identity[];
  cc?: Identity[];
  subject?: string;
}

// "Re:" and the prefixes mail clients in other languages use instead (Outlook: AW, SV, Antw).
const REPLY_PREFIX = /^\s*(re|aw|sv|antw|réf)(\[\d+\])?\s*:/i;

/** Prefixes "Re: " once: "Re: x" stays "Re: x", never "Re: Re: x". */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (REPLY_PREFIX.test(trimmed)) return trimmed;
  return trimmed ? `Re: ${trimmed}` : 'Re:';
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.address.toLowerCase() === b.address.toLowerCase();
}

function uniqueExcept(list: readonly Identity[], exclude: readonly Identity[]): Identity[] {
  const out: Identity[] = [];
  for (const id of list) {
    if (exclude.some((m) => sameIdentity(m, id)) || out.some((o) => sameIdentity(o, id))) continue;
    out.push(id);
  }
  return out;
}

/**
 * The Draft answering `replied`. Mail goes to the sender (or, for a reply to one's own message, to
 * its recipients); a chat reply goes to the conversation, so its participants bar the user.
 */
export function buildReplyDraft(idempotencyKey: string, replied: UnifiedItem, me: readonly Identity[], input: ReplyInput): Draft {
  if (!input.text.trim() && !input.html?.trim()) throw new OutboxError('The reply is empty.');
  if (replied.kind === 'note') throw new OutboxError('Notes cannot be replied to.');
  const fromMe = replied.fromMe || me.some((m) => sameIdentity(m, replied.sender));
  let to: Identity[];
  if (input.to) to = input.to;
  else if (replied.kind === 'email') to = fromMe ? [...replied.recipients] : [replied.sender];
  else to = uniqueExcept([replied.sender, ...replied.recipients], me);
  if (replied.kind === 'email' && to.length === 0) throw new OutboxError('The message has no one to reply to.');
  return {
    idempotencyKey,
    replyTo: { externalId: replied.externalId, conversationId: replied.conversationId, item: replied },
    to,
    ...(input.cc?.length ? { cc: input.cc } : {}),
    ...(replied.kind === 'email' ? { subject: input.subject ?? replySubject(replied.subject) } : {}),
    text: input.text,
    ...(input.html ? { html: input.html } : {}),
  };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why a send failed for good, in words that say what to do next. */
export function describeFailure(err: unknown, attempts: number): string {
  const detail = errorText(err);
  if (err instanceof AuthExpired) return `The account's sign-in has expired. Sign in again, then retry this reply. (${detail})`;
  if (err instanceof CapabilityMissing) return `This account cannot send replies. (${detail})`;
  if (err instanceof BadResponse) return `The provider refused this reply: ${detail}`;
  if (err instanceof ConnectorError && err.retryable) {
    return `Gave up after ${attempts} attempts; the provider is busy or unreachable. Retry later. (${detail})`;
  }
  return `Sending failed: ${detail}`;
}

export const NOTES = {
  noCheck:
    'Switchboard stopped while sending this reply, and this account cannot check whether it went out. ' +
    'Look in your Sent folder, then choose Retry or Discard.',
  checkUnknown:
    'Switchboard stopped while sending this reply, and the provider could not tell whether it went out. ' +
    'Look in your Sent folder, then choose Retry or Discard.',
  cutOff:
    'The connection to the mail server broke off while this reply was being sent, so it may or may not have gone out. ' +
    'Look in your Sent folder or ask the recipient, then choose Retry or Discard.',
  requeued: 'Switchboard stopped while sending; the provider confirmed it had not arrived, so it is sent again.',
  notFiled: 'Sent, but the copy could not be filed in your Sent folder.',
} as const;

/**
 * Adapts ConnectorHost (or anything shaped like it) to the outbox's getInstance, refusing connectors
 * whose manifest lacks the `reply` capability, so the entry fails with "cannot send replies".
 */
export function instanceFromHost(host: {
  get(accountId: string): Promise<{ definition: ConnectorDefinition; instance: ConnectorInstance }>;
}): (accountId: string) => Promise<ConnectorInstance> {
  return async (accountId) => {
    const { definition, instance } = await host.get(accountId);
    if (!hasCapability(definition.manifest, 'reply')) {
      throw new CapabilityMissing(`${definition.manifest.displayName} accounts cannot send replies`);
    }
    return instance;
  };
}
