// The language-light text heuristics of the next-actions engine: what counts as asking, what is the
// new part of a reply, what looks like bulk mail, how a reason sentence reads.

export { ASKING, asksSomething, newText } from '../../../shared/asks.ts';
import { ASKING } from '../../../shared/asks.ts';

/** The sentence that asks, shortened for a reason line. */
export function askingSentence(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // Lines first (a greeting line "Hi Ana," is not part of the question), then sentences.
  const sentences = text.split(/\n+/).flatMap((line) => line.trim().split(/(?<=[.?!])\s+/)).filter(Boolean);
  const found = sentences.find((s) => s.includes('?')) ?? sentences.find((s) => ASKING.test(s)) ?? flat;
  return found.length > max ? `${found.slice(0, max - 1).trimEnd()}…` : found;
}

const BULK_SENDER = /^(no-?reply|do-?not-?reply|notifications?|newsletters?|news|mailer-daemon|bounces?|marketing|updates|digest)([+._-]|@)/i;
/** More recipients than this and an email is an announcement, not a question to the user. */
export const MAX_DIRECT_RECIPIENTS = 6;

export function looksBulk(senderAddress: string, kind: string, recipientCount: number): boolean {
  return BULK_SENDER.test(senderAddress) || (kind === 'email' && recipientCount > MAX_DIRECT_RECIPIENTS);
}

export function mentions(text: string, names: readonly string[]): boolean {
  return names.some((name) => {
    const first = name.split(/\s+/)[0];
    if (!first || first.length < 2) return false;
    const escaped = first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[@\\s,])${escaped}\\b`, 'i').test(text);
  });
}

const SOURCE_NAMES: Record<string, string> = {
  gmail: 'Gmail', outlook: 'Outlook', teams: 'Teams', whatsapp: 'WhatsApp', slack: 'Slack', onenote: 'OneNote',
};

/** "in Slack", "by email". */
export function where(source: string, kind: string): string {
  if (kind === 'email') return source === 'gmail' || source === 'outlook' ? `in ${SOURCE_NAMES[source]}` : 'by email';
  return `in ${SOURCE_NAMES[source] ?? source}`;
}

export function ago(ms: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - ms) / 60_000));
  if (minutes < 2) return 'just now';
  if (minutes < 60) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? 'an hour ago' : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

export function firstName(name: string): string {
  return name.split(/\s+/)[0] || name;
}
