// A fetched IMAP message (flags, dates, parsed MIME) → UnifiedEmail.
import { createHash } from 'node:crypto';
import type { Identity, UnifiedEmail } from '../contract/models.ts';
import type { FetchedMessage } from './provider-schemas.ts';
import type { ParsedAddress, ParsedMessage } from './parse-message.ts';

export interface FolderInfo {
  path: string;
  uidValidity: string;
  /** Lower-case folder names for `in:` search: inbox, sent, archive, drafts, or the path. */
  folders: string[];
}

export interface MapContext {
  /** The account's own addresses, lower case. */
  myAddresses: ReadonlySet<string>;
}

export function externalIdOf(path: string, uidValidity: string, uid: number): string {
  return `${path}:${uidValidity}:${uid}`;
}

/** Splits `${folder}:${uidValidity}:${uid}`; the folder may itself contain colons. */
export function parseExternalId(externalId: string): { path: string; uidValidity: string; uid: number } | undefined {
  const m = /^(.*):(\d+):(\d+)$/.exec(externalId);
  return m ? { path: m[1]!, uidValidity: m[2]!, uid: Number(m[3]) } : undefined;
}

export function folderNames(path: string, specialUse: string | undefined): string[] {
  const special = specialUse?.replace(/^\\/, '').toLowerCase();
  const names = new Set<string>();
  if (path.toUpperCase() === 'INBOX') names.add('inbox');
  if (special && special !== 'all' && special !== 'flagged') names.add(special);
  names.add(path.toLowerCase());
  return [...names];
}

/** "Re: Fwd: [list] Hello" → "[list] hello": the thread key for mail that lost its References. */
export function normalizeSubject(subject: string): string {
  let s = subject.trim();
  for (;;) {
    const next = s.replace(/^(re|fwd?|aw|sv|vs|antw|wg)(\[\d+\])?\s*:\s*/i, '').trim();
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').toLowerCase();
}

export function conversationIdOf(parsed: Pick<ParsedMessage, 'references' | 'inReplyTo' | 'messageId' | 'subject'>): string {
  const root = parsed.references[0] ?? parsed.inReplyTo ?? parsed.messageId;
  if (root) return root;
  return `subject:${normalizeSubject(parsed.subject) || '(none)'}`;
}

/** Message-ID, or a hash of date+from+subject for mail without one (spam often has none). */
export function reconcileKeyOf(parsed: ParsedMessage): string {
  if (parsed.messageId) return parsed.messageId;
  const basis = `${parsed.date ?? ''}\n${parsed.from?.address ?? ''}\n${parsed.subject}`;
  return `hash:${createHash('sha1').update(basis).digest('hex')}`;
}

function identity(a: ParsedAddress): Identity {
  return a.name ? { kind: 'email', address: a.address, name: a.name } : { kind: 'email', address: a.address };
}

function toIso(date: Date | string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const ms = typeof date === 'string' ? Date.parse(date) : date.getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function toEmail(folder: FolderInfo, message: FetchedMessage, parsed: ParsedMessage, ctx: MapContext): UnifiedEmail {
  const sender: Identity = parsed.from ? identity(parsed.from) : { kind: 'email', address: '(unknown sender)' };
  const fromMe = Boolean(parsed.from && ctx.myAddresses.has(parsed.from.address.toLowerCase()));
  const email: UnifiedEmail = {
    kind: 'email',
    source: 'imap',
    externalId: externalIdOf(folder.path, folder.uidValidity, message.uid),
    conversationId: conversationIdOf(parsed),
    sentAt: parsed.date ?? toIso(message.internalDate) ?? new Date(0).toISOString(),
    sender,
    recipients: parsed.to.map(identity),
    cc: parsed.cc.map(identity),
    subject: parsed.subject,
    text: parsed.text,
    isUnread: !message.flags.has('\\Seen'),
    isStarred: message.flags.has('\\Flagged'),
    fromMe,
    folders: folder.folders,
    attachments: parsed.attachments.map((a, i) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      // The n-th attachment in parse order of this message: fetch the source again and take it.
      ref: `${externalIdOf(folder.path, folder.uidValidity, message.uid)}#${i}`,
      inline: a.inline,
    })),
    references: parsed.references,
    reconcileKey: reconcileKeyOf(parsed),
  };
  if (parsed.html !== undefined) email.html = parsed.html;
  if (parsed.messageId) email.messageId = parsed.messageId;
  if (parsed.inReplyTo) email.inReplyTo = parsed.inReplyTo;
  if (parsed.warning) email.parseWarning = parsed.warning;
  return email;
}
