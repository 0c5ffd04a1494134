// Builds the RFC 5322 bytes of a draft once, so SMTP and the APPEND to Sent carry the same message.
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Draft } from '../contract/connector.ts';
import type { Identity } from '../contract/models.ts';
import type { ImapSettings } from './settings.ts';

export interface ComposedMessage {
  raw: Buffer;
  messageId: string;
  from: string;
  recipients: string[];
  subject: string;
}

/** Same key, same Message-ID: what checkSent searches for after a crash. */
export function messageIdFor(idempotencyKey: string, email: string): string {
  const domain = email.split('@')[1] || 'switchboard.invalid';
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<sb.${hash}@${domain}>`;
}

function replySubject(subject: string): string {
  return /^\s*re\s*:/i.test(subject) ? subject : `Re: ${subject}`;
}

const formatIdentity = (i: Identity) => (i.name ? { name: i.name, address: i.address } : i.address);

export async function composeMessage(draft: Draft, settings: ImapSettings, date: Date = new Date()): Promise<ComposedMessage> {
  const original = draft.replyTo?.item?.kind === 'email' ? draft.replyTo.item : undefined;
  const messageId = messageIdFor(draft.idempotencyKey, settings.email);
  const subject = draft.subject ?? (original ? replySubject(original.subject) : '');
  const references = original ? [...original.references, ...(original.messageId ? [original.messageId] : [])] : [];
  const from = settings.displayName ? { name: settings.displayName, address: settings.email } : settings.email;
  // https://nodemailer.com/extras/mailcomposer/
  const composer = new MailComposer({
    from,
    to: draft.to.map(formatIdentity),
    cc: draft.cc?.map(formatIdentity),
    subject,
    text: draft.text,
    html: draft.html,
    messageId,
    date,
    inReplyTo: original?.messageId,
    references: references.length ? references : undefined,
  });
  const raw = await composer.compile().build();
  return {
    raw,
    messageId,
    from: settings.email,
    recipients: [...draft.to, ...(draft.cc ?? [])].map((i) => i.address),
    subject,
  };
}
