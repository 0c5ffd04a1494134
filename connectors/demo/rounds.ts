// "New arrivals": each round is a deterministic set of changes (new messages, a note edited, flags
// changed, a newsletter deleted) so a second sync has something incremental to fetch.
import type { ItemPatch, UnifiedItem } from '../contract/models.ts';
import { arrivalItem, conversationItems, type World } from './items.ts';
import type { ConvPlan, Stream } from './plan.ts';
import { hashSeed, Rng } from './prng.ts';

export type ChangeOp = { op: 'upsert'; item: UnifiedItem } | { op: 'patch'; patch: ItemPatch } | { op: 'delete'; externalId: string };
export type Change = ChangeOp & { stream: Stream };

/** Conversations placed by hand at the start of every workspace; rounds leave them alone so tests stay stable. */
export const FEATURED = 12;

export function roundChanges(world: World, conversations: readonly ConvPlan[], round: number, atMs: number): Change[] {
  const rng = new Rng(hashSeed(world.seed, 'round', round));
  const pool = conversations.slice(FEATURED);
  const of = (stream: Stream, style?: ConvPlan['style']) => pool.filter((c) => c.stream === stream && (!style || c.style === style));
  const chats = of('chats');
  const threads = of('mail', 'thread');
  const sections = of('notes');
  const bulk = of('mail', 'bulk');
  const changes: Change[] = [];
  let k = 0;
  for (const conv of rng.sample(chats, 2)) {
    changes.push({ stream: 'chats', op: 'upsert', item: arrivalItem(world, conv, rng, `${conv.id}/r${round}.${k}`, atMs + k * 1000, rng.chance(0.5)) });
    k++;
  }
  const thread = threads.length > 0 ? rng.pick(threads) : undefined;
  if (thread) changes.push({ stream: 'mail', op: 'upsert', item: arrivalItem(world, thread, rng, `${thread.id}/r${round}.${k}`, atMs + k * 1000, rng.chance(0.6)) });

  const section = sections.length > 0 ? rng.pick(sections) : undefined;
  const note = section ? conversationItems(world, section).at(-1) : undefined;
  if (note && note.kind === 'note') {
    const text = `${note.text}\n- [ ] Follow up on round ${round} changes`;
    changes.push({ stream: 'notes', op: 'upsert', item: { ...note, text, sentAt: new Date(atMs).toISOString() } });
  }
  // Flags changed elsewhere (read on the phone, starred on the web).
  for (const conv of rng.sample(chats, 3)) {
    const unread = conversationItems(world, conv).find((i) => i.isUnread);
    if (unread) {
      changes.push({ stream: 'chats', op: 'patch', patch: { externalId: unread.externalId, isUnread: false } });
      break;
    }
  }
  if (thread) changes.push({ stream: 'mail', op: 'patch', patch: { externalId: `${thread.id}/0`, isStarred: true } });
  const gone = bulk.length > 0 ? rng.pick(bulk) : undefined;
  if (gone) changes.push({ stream: 'mail', op: 'delete', externalId: `${gone.id}/0` });
  return changes;
}
