// Plans the workspace: which conversations exist, who is in them, how many items each holds and how
// long ago each was last active. Depends only on (seed, size), never on the clock, so ids and texts
// are identical for the same seed; times are offsets before the anchor.
import type { SourceId } from '../contract/models.ts';
import { channelsOf, type Channel, type Person } from './people.ts';
import { hashSeed, Rng } from './prng.ts';
import { CHANNELS, GROUPS, NOTEBOOKS, TOPICS } from './phrases.ts';

export type Stream = 'mail' | 'chats' | 'notes';
export type Style = 'thread' | 'bulk' | 'broadcast' | 'direct' | 'group' | 'channel' | 'section';
/**
 * What the end of the conversation looks like: `unanswered` ends with a question to the user,
 * `awaiting` with the user's own question nobody answered, `unread` with a run of unread messages,
 * `answered` with a question the user did answer (a lookalike the next-actions engine must skip).
 */
export type Scenario = 'none' | 'unanswered' | 'awaiting' | 'unread' | 'answered' | 'remote-images' | 'hostile' | 'todo';

export interface ConvPlan {
  index: number;
  id: string;
  stream: Stream;
  source: SourceId;
  channel: Channel | 'onenote';
  style: Style;
  scenario: Scenario;
  title: string;
  topic: string;
  /** Other participants (the user is always in the conversation too). */
  members: Person[];
  count: number;
  /** How long before the anchor the last item was sent, in ms. */
  lastAgoMs: number;
  seed: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SPAN_DAYS = 60;

const TARGET_SHARE: Record<Stream, number> = { mail: 0.36, chats: 0.54, notes: 0.1 };

function byCircle(people: Person[], ...circles: Person['circle'][]): Person[] {
  return people.filter((p) => circles.includes(p.circle));
}

function sourceOf(channel: Channel | 'onenote'): SourceId {
  return channel === 'email' ? 'demo' : channel;
}

/** Hand-placed conversations at the start of every workspace, so tests and the UI always find them. */
function featured(people: Person[]): Omit<ConvPlan, 'index' | 'id' | 'seed'>[] {
  const team = byCircle(people, 'team');
  const company = byCircle(people, 'company');
  const clients = byCircle(people, 'client');
  const family = byCircle(people, 'family', 'friend');
  const at = (i: number, list: Person[]) => list[i % list.length] as Person;
  const base = { topic: 'the board deck', title: '' };
  return [
    { ...base, stream: 'chats', source: 'slack', channel: 'slack', style: 'direct', scenario: 'unanswered', members: [at(0, team)], count: 6, lastAgoMs: 2 * DAY },
    { ...base, stream: 'mail', source: 'demo', channel: 'email', style: 'thread', scenario: 'unanswered', topic: 'the Northwind renewal', members: [at(0, clients)], count: 3, lastAgoMs: 26 * HOUR },
    { ...base, stream: 'chats', source: 'whatsapp', channel: 'whatsapp', style: 'direct', scenario: 'unanswered', members: [at(0, family)], count: 8, lastAgoMs: 5 * HOUR },
    { ...base, stream: 'mail', source: 'demo', channel: 'email', style: 'thread', scenario: 'awaiting', topic: 'the vendor contract', members: [at(0, company)], count: 2, lastAgoMs: 5 * DAY },
    { ...base, stream: 'chats', source: 'teams', channel: 'teams', style: 'direct', scenario: 'awaiting', topic: 'the security audit', members: [at(1, clients)], count: 4, lastAgoMs: 4 * DAY },
    { ...base, stream: 'chats', source: 'slack', channel: 'slack', style: 'channel', scenario: 'unread', title: '#launch', topic: 'the launch checklist', members: team.slice(0, 8), count: 40, lastAgoMs: 3 * HOUR },
    { ...base, stream: 'chats', source: 'whatsapp', channel: 'whatsapp', style: 'group', scenario: 'unread', title: 'Family', topic: 'the weekend', members: byCircle(people, 'family'), count: 30, lastAgoMs: HOUR },
    { ...base, stream: 'mail', source: 'demo', channel: 'email', style: 'bulk', scenario: 'remote-images', members: [], count: 1, lastAgoMs: 20 * HOUR },
    { ...base, stream: 'mail', source: 'demo', channel: 'email', style: 'bulk', scenario: 'hostile', members: [], count: 1, lastAgoMs: 2 * DAY },
    { ...base, stream: 'chats', source: 'slack', channel: 'slack', style: 'direct', scenario: 'answered', topic: 'the API migration', members: [at(1, team)], count: 4, lastAgoMs: DAY },
    { ...base, stream: 'notes', source: 'onenote', channel: 'onenote', style: 'section', scenario: 'todo', title: NOTEBOOKS[0] as string, members: [at(2, team)], count: 4, lastAgoMs: 2 * DAY },
    { ...base, stream: 'mail', source: 'demo', channel: 'email', style: 'broadcast', scenario: 'none', topic: 'the customer survey', members: [...company, ...team].slice(0, 20), count: 1, lastAgoMs: 30 * HOUR },
  ];
}

export interface Plan {
  conversations: ConvPlan[];
  totals: Record<Stream, number>;
}

export function planWorkspace(seed: number, size: number, people: Person[]): Plan {
  const rng = new Rng(hashSeed(seed, 'plan', size));
  const scale = Math.min(30, Math.max(1, size / 2400));
  const totals: Record<Stream, number> = { mail: 0, chats: 0, notes: 0 };
  const conversations: ConvPlan[] = [];
  const prefix: Record<Stream, string> = { mail: 'mail:t', chats: 'chat:c', notes: 'onenote:s' };
  let total = 0;
  const add = (p: Omit<ConvPlan, 'index' | 'id' | 'seed'>) => {
    const count = Math.max(1, Math.min(p.count, size - total));
    const index = conversations.length;
    const id = `${p.stream === 'chats' ? `${p.source}:c` : prefix[p.stream]}${index}`;
    conversations.push({ ...p, count, index, id, seed: hashSeed(seed, 'conv', index) });
    totals[p.stream] += count;
    total += count;
  };
  for (const f of featured(people)) if (total < size) add(f);

  const directPairs = people.flatMap((p) => channelsOf(p.circle).map((c) => ({ person: p, channel: c })));
  const freeDirect = rng.sample(directPairs, directPairs.length);
  const colleagues = byCircle(people, 'team', 'company');
  let sections = 1;
  while (total < size) {
    // Pick the stream furthest below its target share, so the mix holds at every size.
    const stream = (['mail', 'chats', 'notes'] as const).reduce((a, b) =>
      totals[a] / Math.max(1, total) - TARGET_SHARE[a] <= totals[b] / Math.max(1, total) - TARGET_SHARE[b] ? a : b,
    );
    // Recent conversations are more common than old ones, like a real inbox.
    const lastAgoMs = Math.floor(SPAN_DAYS * DAY * rng.next() ** 2) + 10 * 60_000;
    const topic = rng.pick(TOPICS);
    if (stream === 'notes') {
      const book = NOTEBOOKS[sections % NOTEBOOKS.length] as string;
      const round = Math.floor(sections / NOTEBOOKS.length);
      sections++;
      add({ stream, source: 'onenote', channel: 'onenote', style: 'section', scenario: rng.chance(0.5) ? 'todo' : 'none',
        title: round ? `${book} (${round + 1})` : book, topic, members: rng.sample(colleagues, 1),
        count: Math.round(rng.int(3, 12) * Math.sqrt(scale)), lastAgoMs });
    } else if (stream === 'mail') {
      const bulk = rng.chance(0.18);
      const roll = rng.next();
      const scenario = bulk ? 'none' : roll < 0.12 ? 'unanswered' : roll < 0.18 ? 'awaiting' : roll < 0.3 ? 'answered' : 'none';
      const circlePeople = rng.chance(0.7) ? colleagues : byCircle(people, 'client', 'family', 'friend');
      add({ stream, source: 'demo', channel: 'email', style: bulk ? 'bulk' : 'thread', scenario, title: '', topic,
        members: bulk ? [] : rng.sample(circlePeople, rng.chance(0.75) ? 1 : rng.int(2, 4)),
        count: bulk ? 1 : rng.int(1, 6), lastAgoMs: scenario === 'awaiting' ? Math.max(lastAgoMs, 3.5 * DAY) : lastAgoMs });
    } else {
      const pair = rng.chance(0.45) ? freeDirect.pop() : undefined;
      if (pair) {
        const roll = rng.next();
        const scenario = roll < 0.12 ? 'unanswered' : roll < 0.18 ? 'awaiting' : roll < 0.3 ? 'answered' : 'none';
        add({ stream, source: sourceOf(pair.channel), channel: pair.channel, style: 'direct', scenario, title: '', topic,
          members: [pair.person], count: Math.round(rng.int(4, 30) * scale),
          lastAgoMs: scenario === 'awaiting' ? Math.max(lastAgoMs, 3.5 * DAY) : lastAgoMs });
      } else {
        const channel = rng.pick(['slack', 'slack', 'teams', 'whatsapp'] as const);
        const pool = channel === 'whatsapp' ? byCircle(people, 'family', 'friend', 'team') : channel === 'teams' ? byCircle(people, 'team', 'company', 'client') : colleagues;
        const style = channel === 'whatsapp' ? 'group' : rng.chance(0.6) ? 'channel' : 'group';
        const name = style === 'channel' ? `#${rng.pick(CHANNELS)}` : rng.pick(GROUPS);
        const n = conversations.length;
        add({ stream, source: sourceOf(channel), channel, style, scenario: rng.chance(0.2) ? 'unread' : rng.chance(0.1) ? 'unanswered' : 'none',
          title: n > 60 ? `${name}-${n}` : name, topic, members: rng.sample(pool, rng.int(3, 9)),
          count: Math.round(rng.int(10, 80) * scale), lastAgoMs });
      }
    }
  }
  return { conversations, totals };
}

export function streamOfConversation(conversationId: string): Stream | undefined {
  if (conversationId.startsWith('mail:')) return 'mail';
  if (conversationId.startsWith('onenote:')) return 'notes';
  if (/^(slack|teams|whatsapp):/.test(conversationId)) return 'chats';
  return undefined;
}
