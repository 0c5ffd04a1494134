// Raw RFC 822 bytes → a parsed message, never throwing: malformed MIME is kept with a warning.
//
// Parser choice, measured by test/bench/mime-parsers.ts on 2,000 corpus messages spread over the
// TREC 2007 set (Node 22, one core of the 2-core bench machine, second of two rounds):
//   mailparser 3.14.2 (simpleParser, no textToHtml): 576 msg/s, 0 failures, +10 MB peak RSS
//   postal-mime 4.0.0 (attachments as ArrayBuffer):   1,076 msg/s, 0 failures, +0 MB peak RSS
// postal-mime is ~1.9x faster with no failures and flat memory, so it is the parser here.
import PostalMime, { type Address, type Email } from 'postal-mime';

export interface ParsedAddress {
  name?: string;
  address: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
}

export interface ParsedMessage {
  from?: ParsedAddress;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  /** ISO date from the Date header when it parses; undefined otherwise. */
  date?: string;
  text: string;
  html?: string;
  attachments: ParsedAttachment[];
  warning?: string;
}

const MAX_NESTING = 64;
const MAX_RAW_TEXT = 256 * 1024;

function flatten(addresses: Address[] | Address | undefined): ParsedAddress[] {
  if (!addresses) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses];
  const out: ParsedAddress[] = [];
  for (const a of list) {
    if (a.group) out.push(...flatten(a.group));
    else if (a.address) out.push(a.name ? { name: a.name, address: a.address } : { address: a.address });
  }
  return out;
}

function messageIds(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

function byteLength(content: ArrayBuffer | Uint8Array | string): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Cheap HTML → text for messages with no text part, so search and snippets have words. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** Structural problems postal-mime tolerates silently but a reader should know about. */
function structuralWarning(raw: Buffer, email: Email): string | undefined {
  const contentType = email.headers.find((h) => h.key === 'content-type')?.value ?? '';
  if (!/^\s*multipart\//i.test(contentType)) return undefined;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (!boundary) return 'multipart message without a boundary: body shown as text';
  const marker = `--${boundary[1] ?? boundary[2]}--`;
  if (raw.lastIndexOf(marker) < 0) return 'multipart message without its closing boundary (truncated?)';
  return undefined;
}

function fromEmail(raw: Buffer, email: Email): ParsedMessage {
  const html = email.html || undefined;
  let text = email.text ?? '';
  if (!text.trim() && html) text = htmlToText(html);
  let warning = structuralWarning(raw, email);
  if (!text && !html && email.attachments.length === 0) {
    const body = bodyOf(raw);
    if (body.trim()) {
      text = body;
      warning ??= 'no readable body part: raw body shown';
    }
  }
  return {
    from: flatten(email.from)[0] ?? flatten(email.sender)[0],
    to: flatten(email.to),
    cc: flatten(email.cc),
    subject: email.subject ?? '',
    messageId: messageIds(email.messageId)[0],
    inReplyTo: messageIds(email.inReplyTo)[0],
    references: messageIds(email.references),
    date: email.date && !Number.isNaN(Date.parse(email.date)) ? new Date(email.date).toISOString() : undefined,
    text,
    html,
    attachments: email.attachments.map((a) => ({
      filename: a.filename ?? (a.mimeType === 'message/rfc822' ? 'message.eml' : 'attachment'),
      contentType: a.mimeType || 'application/octet-stream',
      size: byteLength(a.content),
      inline: a.disposition === 'inline' || Boolean(a.related),
    })),
    warning,
  };
}

function bodyOf(raw: Buffer): string {
  let split = raw.indexOf('\r\n\r\n');
  let skip = 4;
  const lf = raw.indexOf('\n\n');
  if (split < 0 || (lf >= 0 && lf < split)) { split = lf; skip = 2; }
  const body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + skip, split + skip + MAX_RAW_TEXT);
  return body.toString('utf8');
}

/** Last resort when the MIME parser gives up: unfolded top-level headers and the raw body as text. */
function fallback(raw: Buffer, reason: string): ParsedMessage {
  const split = raw.indexOf('\n\n');
  const head = raw.subarray(0, split < 0 ? Math.min(raw.length, 64 * 1024) : split).toString('latin1');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const key = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
    }
  }
  const fromHeader = headers.get('from') ?? '';
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(fromHeader)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(fromHeader)?.[0];
  const name = fromHeader.replace(/<[^>]*>/, '').replace(/"/g, '').trim();
  const date = headers.get('date');
  return {
    from: address ? { address, ...(name && name !== address ? { name } : {}) } : undefined,
    to: [],
    cc: [],
    subject: headers.get('subject') ?? '',
    messageId: messageIds(headers.get('message-id'))[0],
    inReplyTo: messageIds(headers.get('in-reply-to'))[0],
    references: messageIds(headers.get('references')),
    date: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : undefined,
    text: bodyOf(raw),
    attachments: [],
    warning: `MIME could not be parsed (${reason}): headers and raw text kept`,
  };
}

export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  try {
    // https://github.com/postalsys/postal-mime#postalmimeparse
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: MAX_NESTING });
    return fromEmail(raw, email);
  } catch (error) {
    return fallback(raw, error instanceof Error ? error.message : String(error));
  }
}
