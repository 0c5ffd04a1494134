// Builds the items of one planned conversation, lazily and deterministically (so 100,000 items never
// have to sit in memory at once, and any item can be rebuilt from its conversation alone).
import type { Attachment, Identity, UnifiedItem } from '../contract/models.ts';
import { escapeHtml, hostileHtml, newsletterHtml, textToHtml } from './html.ts';
import { identityOn, type MeProfile, type Person } from './people.ts';
import type { ConvPlan } from './plan.ts';
import * as P from './phrases.ts';
import { fill, Rng } from './prng.ts';

export interface World {
  seed: number;
  me: MeProfile;
  people: Person[];
  /** The workspace's "now": the newest base item is at most this recent. */
  anchor: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPAN = 62 * DAY;
const ME = 'me' as const;
type Who = Person | typeof ME;
type Tone = 'question' | 'answer' | 'statement';

const GAPS: Record<ConvPlan['style'], [number, number]> = {
  direct: [2 * MINUTE, 5 * HOUR], group: [MINUTE, 4 * HOUR], channel: [3 * MINUTE, 3 * HOUR],
  thread: [40 * MINUTE, 30 * HOUR], bulk: [DAY, DAY], broadcast: [DAY, DAY], section: [DAY, 4 * DAY],
};
const FILES: readonly Omit<Attachment, 'ref' | 'inline'>[] = [
  { filename: 'Q3-roadmap.pdf', contentType: 'application/pdf', size: 184_233 },
  { filename: 'budget-2025.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 48_120 },
  { filename: 'mockup-v3.png', contentType: 'image/png', size: 402_877 },
  { filename: 'contract-signed.pdf', contentType: 'application/pdf', size: 96_554 },
];

function isLife(plan: ConvPlan): boolean {
  const first = plan.members[0];
  return first !== undefined && (first.circle === 'family' || first.circle === 'friend');
}

/** Who sends each item, honouring how the scenario must end. */
function senders(rng: Rng, plan: ConvPlan): Who[] {
  const n = plan.count;
  const other = () => rng.pick(plan.members);
  const out: Who[] = [];
  for (let i = 0; i < n; i++) {
    if (plan.style === 'direct' || plan.style === 'thread') {
      const prev = out[i - 1];
      out.push(prev === undefined ? other() : rng.chance(0.35) ? prev : prev === ME ? other() : ME);
    } else if (plan.style === 'section') out.push(ME);
    else out.push(rng.chance(0.2) ? ME : other());
  }
  const lastIdx = n - 1;
  if (plan.scenario === 'unanswered' || plan.style === 'broadcast') out[lastIdx] = other();
  if (plan.scenario === 'awaiting') out[lastIdx] = ME;
  if (plan.scenario === 'answered' && n >= 2) {
    out[lastIdx - 1] = other();
    out[lastIdx] = ME;
  }
  if (plan.scenario === 'unread') for (let i = Math.max(0, n - unreadRun(plan)); i < n; i++) out[i] = other();
  return out;
}

function unreadRun(plan: ConvPlan): number {
  return Math.min(plan.count, Math.max(5, Math.min(25, Math.round(plan.count * 0.35))));
}

function tones(rng: Rng, plan: ConvPlan, who: Who[]): Tone[] {
  const n = who.length;
  const lastMe = who.lastIndexOf(ME);
  const out: Tone[] = [];
  for (let i = 0; i < n; i++) {
    const w = who[i];
    if (i > 0 && out[i - 1] === 'question' && w !== who[i - 1]) out.push('answer');
    else out.push(rng.chance(w === ME ? 0.15 : 0.25) ? 'question' : 'statement');
  }
  // After the user's last message, others only ask when the scenario says so: the generator, not
  // chance, decides which conversations wait for a reply.
  for (let i = lastMe + 1; i < n; i++) if (who[i] !== ME && out[i] === 'question') out[i] = 'statement';
  if (plan.scenario === 'unanswered' || plan.style === 'broadcast') out[n - 1] = 'question';
  if (plan.scenario === 'awaiting') out[n - 1] = 'question';
  if (plan.scenario === 'answered' && n >= 2) {
    out[n - 2] = 'question';
    out[n - 1] = 'answer';
  }
  return out;
}

function times(rng: Rng, plan: ConvPlan, anchor: number): number[] {
  const n = plan.count;
  const last = anchor - plan.lastAgoMs;
  const [minGap, styleMax] = GAPS[plan.style];
  const maxGap = Math.max(minGap, Math.min(styleMax, (2 * (SPAN - plan.lastAgoMs)) / n));
  const out = new Array<number>(n);
  out[n - 1] = last;
  for (let i = n - 2; i >= 0; i--) out[i] = (out[i + 1] as number) - Math.floor(minGap + rng.next() * (maxGap - minGap));
  // Whole seconds, like provider timestamps; never older than the span.
  return out.map((t, i) => Math.max(anchor - SPAN + i * 1000, Math.floor(t / 1000) * 1000));
}

function phrase(rng: Rng, tone: Tone, life: boolean, first: string): string {
  const pool = life
    ? tone === 'question' ? P.LIFE_QUESTIONS : tone === 'answer' ? P.LIFE_ANSWERS : P.LIFE_STATEMENTS
    : tone === 'question' ? P.WORK_QUESTIONS : tone === 'answer' ? P.WORK_ANSWERS : P.WORK_STATEMENTS;
  return fill(rng, rng.pick(pool), { topic: P.TOPICS, doc: P.DOCS, when: P.WHEN, day: P.DAYS, grocery: P.GROCERIES, first });
}

export function conversationItems(world: World, plan: ConvPlan): UnifiedItem[] {
  const rng = new Rng(plan.seed);
  if (plan.style === 'bulk') return [bulkItem(world, plan, rng)];
  const who = senders(rng, plan);
  const tone = tones(rng, plan, who);
  const at = times(rng, plan, world.anchor);
  const life = isLife(plan);
  const lastMe = who.lastIndexOf(ME);
  const run = plan.scenario === 'unread' ? unreadRun(plan) : 0;
  const subject = fill(rng, rng.pick(P.SUBJECTS), { topic: plan.topic });
  const items: UnifiedItem[] = [];
  for (let i = 0; i < plan.count; i++) {
    const sender = who[i] as Who;
    const fromMe = sender === ME;
    const person = fromMe ? world.me : sender;
    const age = world.anchor - (at[i] as number);
    const unread = !fromMe && (i >= plan.count - run || (i > lastMe && age < 3 * DAY && rng.chance(0.75)));
    const addressee = fromMe ? (plan.members[0] ?? world.me) : world.me;
    let text = phrase(rng, tone[i] as Tone, life, addressee.first);
    if (plan.style !== 'direct' && plan.style !== 'thread' && !fromMe && tone[i] === 'question' && i === plan.count - 1 && plan.scenario === 'unanswered') {
      text = `@${world.me.first} ${text}`;
    }
    const base = {
      externalId: `${plan.id}/${i}`,
      conversationId: plan.id,
      sentAt: new Date(at[i] as number).toISOString(),
      isUnread: unread,
      isStarred: !fromMe && rng.chance(0.03),
      fromMe,
    };
    if (plan.channel === 'onenote') {
      items.push(noteItem(world, plan, rng, base, i));
    } else if (plan.channel === 'email') {
      const recipients = fromMe ? plan.members.map((p) => identityOn(p, 'email')) : recipientsTo(world, plan, sender as Person);
      const body = emailBody(rng, text, tone[i] as Tone, person.first, addressee.first, life, items[i - 1]);
      const attach = rng.chance(0.1) || (plan.index === 1 && i === plan.count - 1);
      const prev = items[i - 1];
      const messageId = `<${plan.id.replace(':', '-')}.${i}@demo.switchboard.example>`;
      const refs = prev && prev.kind === 'email' ? [...prev.references, prev.messageId as string] : [];
      items.push({
        ...base, kind: 'email', source: plan.source,
        sender: identityOn(person, 'email'), recipients, text: body,
        cc: rng.chance(0.15) && !life ? [identityOn(rng.pick(world.people.filter((p) => p.circle === 'company')), 'email')] : [],
        subject: i === 0 ? subject : `Re: ${subject}`,
        ...(rng.chance(0.35) ? { html: textToHtml(body) } : {}),
        messageId, references: refs, ...(prev && prev.kind === 'email' ? { inReplyTo: prev.messageId } : {}),
        folders: [fromMe ? 'sent' : 'inbox'],
        attachments: attach ? [{ ...rng.pick(FILES), ref: `demo:${base.externalId}:0`, inline: false }] : [],
        reconcileKey: messageId,
      });
    } else {
      const channel = plan.channel;
      const recipients: Identity[] = fromMe
        ? plan.members.map((p) => identityOn(p, channel))
        : [identityOn(world.me, channel), ...plan.members.filter((p) => p !== sender).map((p) => identityOn(p, channel))];
      const photo = channel !== 'teams' && rng.chance(0.05);
      items.push({
        ...base, kind: 'message', source: plan.source, sender: identityOn(person, channel), recipients, text,
        folders: [],
        attachments: photo ? [{ filename: `IMG-${plan.index}-${i}.jpg`, contentType: 'image/jpeg', size: 1_204_331, ref: `demo:${base.externalId}:0`, inline: false }] : [],
      });
    }
  }
  return items;
}

function recipientsTo(world: World, plan: ConvPlan, sender: Person): Identity[] {
  return [world.me, ...plan.members.filter((p) => p !== sender)].map((p) => identityOn(p, 'email'));
}

function emailBody(rng: Rng, line: string, tone: Tone, from: string, to: string, life: boolean, prev: UnifiedItem | undefined): string {
  const greeting = fill(rng, rng.pick(P.GREETINGS), { first: to });
  const extra = tone === 'statement' && !life && rng.chance(0.5) ? ` ${fill(rng, rng.pick(P.FILLER), { first: to })}` : '';
  const context = life ? '' : `${fill(rng, rng.pick(P.WORK_STATEMENTS), { topic: P.TOPICS, doc: P.DOCS, when: P.WHEN, day: P.DAYS, first: to })} `;
  const body = `${greeting}\n\n${tone === 'answer' ? '' : context}${line}${extra}\n\n${rng.pick(P.SIGNOFFS)}\n${from}`;
  if (!prev) return body;
  // Replies quote the previous message, as mail clients do; the engine must not read the quote as a new question.
  const quoted = prev.text.split('\n').slice(0, 6).map((l) => `> ${l}`).join('\n');
  return `${body}\n\nOn ${new Date(prev.sentAt).toUTCString()}, ${prev.sender.name ?? prev.sender.address} wrote:\n${quoted}`;
}

type Base = Pick<UnifiedItem, 'externalId' | 'conversationId' | 'sentAt' | 'isUnread' | 'isStarred' | 'fromMe'>;

function noteItem(world: World, plan: ConvPlan, rng: Rng, base: Base, i: number): UnifiedItem {
  const who = rng.pick(world.people.filter((p) => p.circle === 'team' || p.circle === 'company'));
  const title = fill(rng, rng.pick(P.NOTE_TITLES), { topic: plan.topic, first: who.first });
  const values = { topic: P.TOPICS, doc: P.DOCS, day: P.DAYS, first: who.first };
  const lines = [fill(rng, rng.pick(P.WORK_STATEMENTS), values), fill(rng, rng.pick(P.WORK_STATEMENTS), values)];
  const todos = plan.scenario === 'todo' || rng.chance(0.4)
    ? rng.sample(P.TODOS, rng.int(2, 5)).map((t, k) => ({ done: k > 0 && rng.chance(0.4), text: fill(rng, t, values) }))
    : [];
  const text = [title, '', ...lines, ...(todos.length ? ['', 'To do:', ...todos.map((t) => `- [${t.done ? 'x' : ' '}] ${t.text}`)] : [])].join('\n');
  const html = `<html><body><h1>${escapeHtml(title)}</h1>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}${
    todos.length ? `<ul>${todos.map((t) => `<li data-tag="${t.done ? 'to-do:completed' : 'to-do'}">${escapeHtml(t.text)}</li>`).join('')}</ul>` : ''
  }</body></html>`;
  return {
    ...base, kind: 'note', source: 'onenote', isUnread: false, fromMe: true,
    sender: identityOn(world.me, 'email'), recipients: [], text, html, title, location: plan.title,
    folders: [], attachments: i === 0 && plan.index > 20 && rng.chance(0.3) ? [{ ...rng.pick(FILES), ref: `demo:${base.externalId}:0`, inline: false }] : [],
  };
}

function bulkItem(world: World, plan: ConvPlan, rng: Rng): UnifiedItem {
  const at = new Date(Math.floor((world.anchor - plan.lastAgoMs) / 1000) * 1000).toISOString();
  const externalId = `${plan.id}/0`;
  const messageId = `<${plan.id.replace(':', '-')}.0@demo.switchboard.example>`;
  const hostile = plan.scenario === 'hostile';
  const subject = hostile ? 'Action required: verify your mailbox' : rng.pick(P.NEWSLETTER_SUBJECTS);
  const lines = rng.sample(P.NEWSLETTER_LINES, 3);
  const text = hostile ? 'Your mailbox is almost full. Please verify your account to avoid losing mail. IT Service Desk' : `${subject}\n\n${lines.join('\n\n')}`;
  return {
    kind: 'email', source: 'demo', externalId, conversationId: plan.id, sentAt: at,
    sender: hostile
      ? { kind: 'email', address: 'no-reply@mailbox-security.example.net', name: 'IT Service Desk' }
      : { kind: 'email', address: `noreply@news${plan.index % 5}.example.org`, name: rng.pick(['Product Weekly', 'Acme Cloud', 'The Morning Brief', 'Bank of Example']) },
    recipients: [identityOn(world.me, 'email')], cc: [], text, subject,
    html: hostile ? hostileHtml() : newsletterHtml(subject, lines, plan.id),
    isUnread: world.anchor - Date.parse(at) < 4 * DAY, isStarred: false, fromMe: false,
    folders: ['inbox'], attachments: [], messageId, references: [], reconcileKey: messageId,
  };
}

/** A message arriving after the base workspace (a "new arrival" round): inbound, unread. */
export function arrivalItem(world: World, plan: ConvPlan, rng: Rng, externalId: string, sentAtMs: number, question: boolean): UnifiedItem {
  const sender = rng.pick(plan.members);
  const sentAt = new Date(Math.floor(sentAtMs / 1000) * 1000).toISOString();
  const text = phrase(rng, question ? 'question' : 'statement', isLife(plan), world.me.first);
  if (plan.channel === 'email') {
    const thread = conversationItems(world, plan);
    const prev = thread[thread.length - 1];
    const subject = prev && prev.kind === 'email' ? prev.subject.replace(/^(Re: )?/, 'Re: ') : 'Re: (no subject)';
    const messageId = `<${externalId.replace(/[:/]/g, '-')}@demo.switchboard.example>`;
    return {
      kind: 'email', source: plan.source, externalId, conversationId: plan.id, sentAt,
      sender: identityOn(sender, 'email'), recipients: recipientsTo(world, plan, sender), cc: [],
      text: emailBody(rng, text, question ? 'question' : 'statement', sender.first, world.me.first, isLife(plan), prev),
      subject, messageId, references: prev && prev.kind === 'email' && prev.messageId ? [prev.messageId] : [],
      ...(prev && prev.kind === 'email' && prev.messageId ? { inReplyTo: prev.messageId } : {}),
      isUnread: true, isStarred: false, fromMe: false, folders: ['inbox'], attachments: [], reconcileKey: messageId,
    };
  }
  const channel = plan.channel === 'onenote' ? 'email' : plan.channel;
  return {
    kind: 'message', source: plan.source, externalId, conversationId: plan.id, sentAt,
    sender: identityOn(sender, channel),
    recipients: [identityOn(world.me, channel), ...plan.members.filter((p) => p !== sender).map((p) => identityOn(p, channel))],
    text, isUnread: true, isStarred: false, fromMe: false, folders: [], attachments: [],
  };
}

/** The user's own reply, as the provider would return it after sending. */
export function sentItem(
  world: World, plan: ConvPlan, externalId: string, sentAtMs: number,
  draft: { text: string; html?: string; subject?: string; to: Identity[] },
): UnifiedItem {
  const sentAt = new Date(sentAtMs).toISOString();
  const channel = plan.channel === 'onenote' ? 'email' : plan.channel;
  const to = draft.to.length > 0 ? draft.to : plan.members.map((p) => identityOn(p, channel));
  if (plan.channel === 'email') {
    const thread = conversationItems(world, plan);
    const prev = thread[thread.length - 1];
    const messageId = `<${externalId.replace(/[:/]/g, '-')}@demo.switchboard.example>`;
    const subject = draft.subject ?? (prev && prev.kind === 'email' ? prev.subject.replace(/^(Re: )?/, 'Re: ') : '');
    return {
      kind: 'email', source: plan.source, externalId, conversationId: plan.id, sentAt,
      sender: identityOn(world.me, 'email'), recipients: to, cc: [], text: draft.text, subject,
      ...(draft.html ? { html: draft.html } : {}),
      messageId, references: prev && prev.kind === 'email' && prev.messageId ? [prev.messageId] : [],
      ...(prev && prev.kind === 'email' && prev.messageId ? { inReplyTo: prev.messageId } : {}),
      isUnread: false, isStarred: false, fromMe: true, folders: ['sent'], attachments: [], reconcileKey: messageId,
    };
  }
  return {
    kind: 'message', source: plan.source, externalId, conversationId: plan.id, sentAt,
    sender: identityOn(world.me, channel), recipients: to, text: draft.text,
    isUnread: false, isStarred: false, fromMe: true, folders: [], attachments: [],
  };
}
