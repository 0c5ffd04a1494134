import { describe, expect, it } from 'vitest';
import { ProviderUnavailable, RateLimited, CursorExpired, CapabilityMissing, BadResponse } from '../../../connectors/contract/errors.ts';
import { UnifiedItem, type UnifiedItem as Item } from '../../../connectors/contract/models.ts';
import { getConnector, parseSettings } from '../../../connectors/registry.ts';
import { InvalidSettings } from '../../../connectors/contract/errors.ts';
import { collect, lastCursors, openDemo, syncAll } from './runtime.ts';

async function allItems(settings: Record<string, unknown> = {}): Promise<Item[]> {
  const { demo } = openDemo(settings);
  const result = await syncAll(demo);
  return Object.values(result).flatMap((batches) => batches.flatMap((b) => b.upserts));
}

describe('demo connector: the workspace', () => {
  it('is registered and validates its settings', () => {
    const def = getConnector('DEMO');
    expect(def.manifest.kind).toBe('mixed');
    expect(def.manifest.authType).toBe('none');
    expect(parseSettings(def, {})).toMatchObject({ seed: 1, size: 2400, faults: 'none' });
    expect(parseSettings(def, { size: '5000' })).toMatchObject({ size: 5000 });
    expect(() => parseSettings(def, { size: 10 })).toThrow(InvalidSettings);
    expect(() => parseSettings(def, { faults: 'flaky' })).toThrow(/faults/);
  });

  it('is deterministic: same seed, same items; another seed, other items', async () => {
    const a = await allItems({ seed: 7 });
    const b = await allItems({ seed: 7 });
    const c = await allItems({ seed: 8 });
    expect(a).toEqual(b);
    expect(c.map((i) => i.text)).not.toEqual(a.map((i) => i.text));
  });

  it('holds at least 2,000 valid items from every source, with unique ids', async () => {
    const items = await allItems();
    expect(items.length).toBe(2400);
    for (const item of items) expect(() => UnifiedItem.parse(item)).not.toThrow();
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    const sources = new Set(items.map((i) => i.source));
    for (const s of ['demo', 'whatsapp', 'teams', 'slack', 'onenote']) expect(sources).toContain(s);
    expect(items.filter((i) => i.kind === 'note').every((i) => i.source === 'onenote')).toBe(true);
    const times = items.map((i) => Date.parse(i.sentAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse('2025-03-01T12:00:00Z'));
    expect(Math.min(...times)).toBeGreaterThan(Date.parse('2025-03-01T12:00:00Z') - 63 * 86_400_000);
  });

  it('has people who appear in several sources under the same name', async () => {
    const items = await allItems();
    const sourcesByName = new Map<string, Set<string>>();
    const addressesByName = new Map<string, Set<string>>();
    for (const i of items.filter((x) => !x.fromMe)) {
      const name = i.sender.name ?? '';
      sourcesByName.set(name, (sourcesByName.get(name) ?? new Set()).add(i.source));
      addressesByName.set(name, (addressesByName.get(name) ?? new Set()).add(`${i.sender.kind}:${i.sender.address}`));
    }
    const multi = [...sourcesByName.entries()].filter(([, s]) => s.size >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(15);
    // One identity per kind per person: the same email address everywhere, the same phone number.
    for (const [name] of multi) {
      const kinds = [...(addressesByName.get(name) ?? [])].map((a) => a.split(':')[0]);
      expect(new Set(kinds).size).toBe(kinds.length);
    }
  });

  it('contains the scenarios the app is shown with', async () => {
    const items = await allItems();
    const html = items.filter((i) => i.kind === 'email' && i.html);
    expect(html.some((i) => /<img src="https:\/\//.test(i.html ?? ''))).toBe(true);
    const hostile = html.find((i) => /<script>/.test(i.html ?? ''));
    expect(hostile?.html).toMatch(/onerror=/);
    expect(hostile?.html).toMatch(/href="javascript:/);
    expect(items.some((i) => i.attachments.length > 0)).toBe(true);
    expect(items.some((i) => i.kind === 'note' && /- \[ \] /.test(i.text))).toBe(true);
    // A chat with many unread messages.
    const unreadByConv = new Map<string, number>();
    for (const i of items) if (i.isUnread) unreadByConv.set(i.conversationId, (unreadByConv.get(i.conversationId) ?? 0) + 1);
    expect(Math.max(...unreadByConv.values())).toBeGreaterThanOrEqual(10);
    // A conversation whose last word is the user's own question.
    const last = new Map<string, Item>();
    for (const i of items) last.set(i.conversationId, i);
    expect([...last.values()].some((i) => i.fromMe && i.text.includes('?'))).toBe(true);
    expect([...last.values()].some((i) => !i.fromMe && i.kind === 'message' && i.text.includes('?'))).toBe(true);
    // Texts are sentences, not lorem ipsum.
    expect(items.some((i) => /lorem/i.test(i.text))).toBe(false);
  });

  it('scales to the UI bench size (100,000 items) with the right count', async () => {
    const { demo } = openDemo({ size: 100_000, pageSize: 5000 });
    let n = 0;
    for await (const batch of demo.sync('chats', undefined, new AbortController().signal)) n += batch.upserts.length;
    expect(n).toBe(demo.plan.totals.chats);
    expect(demo.plan.totals.mail + demo.plan.totals.chats + demo.plan.totals.notes).toBe(100_000);
  });
});

describe('demo connector: faults', () => {
  it('failing: ProviderUnavailable on every call, or on every Nth', async () => {
    const { demo } = openDemo({ faults: 'failing' });
    await expect(collect(demo, 'mail')).rejects.toBeInstanceOf(ProviderUnavailable);
    expect((await demo.testConnection()).ok).toBe(false);

    const nth = openDemo({ faults: 'failing', failEvery: 3, pageSize: 100 }, 1);
    const batches = await collect(nth.demo, 'mail');
    expect(batches.length).toBeGreaterThan(1);
    const failures = nth.runtime.calls.filter((c) => c.error);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((c) => c.error instanceof ProviderUnavailable)).toBe(true);
  });

  it('rate-limited: the first calls of each sync answer RateLimited with a retry-after', async () => {
    const { demo } = openDemo({ faults: 'rate-limited', rateLimitedCalls: 2, retryAfterMs: 1234 });
    const error = await collect(demo, 'notes').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(1234);

    const retrying = openDemo({ faults: 'rate-limited', rateLimitedCalls: 2 }, 5);
    await collect(retrying.demo, 'notes');
    await collect(retrying.demo, 'mail');
    const limited = retrying.runtime.calls.filter((c) => c.error instanceof RateLimited);
    expect(limited.length).toBe(4); // two per sync
  });

  it('slow: still completes, through runtime.call', async () => {
    const { demo, runtime } = openDemo({ faults: 'slow', latencyMs: 5, size: 200 });
    const batches = await collect(demo, 'notes');
    expect(batches.length).toBeGreaterThan(0);
    expect(runtime.calls.every((c) => c.op.startsWith('demo.'))).toBe(true);
  });

  it('rejects a foreign or malformed cursor with CursorExpired, an unknown stream with BadResponse', async () => {
    const { demo } = openDemo();
    const other = openDemo({ seed: 99 });
    const cursors = lastCursors(await syncAll(other.demo));
    await expect(collect(demo, 'mail', cursors.mail)).rejects.toBeInstanceOf(CursorExpired);
    await expect(collect(demo, 'mail', { nonsense: true })).rejects.toBeInstanceOf(CursorExpired);
    await expect(collect(demo, 'calendar')).rejects.toBeInstanceOf(BadResponse);
  });
});

describe('demo connector: incremental sync, send, markRead', () => {
  it('a second sync yields nothing, then only the changes after new arrivals', async () => {
    const { demo } = openDemo();
    const first = await syncAll(demo);
    const cursors = lastCursors(first);
    const again = await syncAll(demo, cursors);
    expect(Object.values(again).flat().flatMap((b) => b.upserts)).toEqual([]);

    demo.advance();
    const second = await syncAll(demo, cursors);
    const upserts = Object.values(second).flat().flatMap((b) => b.upserts);
    const patches = Object.values(second).flat().flatMap((b) => b.patches ?? []);
    const deletions = Object.values(second).flat().flatMap((b) => b.deletions);
    expect(upserts.length).toBeGreaterThanOrEqual(3);
    expect(upserts.length).toBeLessThan(10);
    expect(upserts.filter((u) => !u.fromMe && u.kind !== 'note').every((u) => u.isUnread)).toBe(true);
    expect(patches.length).toBeGreaterThan(0);
    expect(deletions).toHaveLength(1);
    const known = new Set(Object.values(first).flat().flatMap((b) => b.upserts.map((u) => u.externalId)));
    expect(known.has(deletions[0] as string)).toBe(true);
    // Arrivals are deterministic too.
    const twin = openDemo();
    const twinCursors = lastCursors(await syncAll(twin.demo));
    twin.demo.advance();
    expect(Object.values(await syncAll(twin.demo, twinCursors)).flat().flatMap((b) => b.upserts)).toEqual(upserts);
  });

  it('a first sync after activity includes it; an interrupted first sync resumes from its cursor', async () => {
    const { demo } = openDemo({ pageSize: 100 });
    demo.advance(2);
    const batches = await collect(demo, 'mail');
    const resumed = await collect(demo, 'mail', batches[2]?.cursor);
    expect(resumed.flatMap((b) => b.upserts)).toEqual(batches.slice(3).flatMap((b) => b.upserts));
    expect(batches.at(-1)?.deletions.length).toBeGreaterThan(0);
  });

  it('send: returns the sent item, is idempotent, is known to checkSent and shows up in the next sync', async () => {
    const { demo } = openDemo();
    const cursors = lastCursors(await syncAll(demo));
    const draft = { idempotencyKey: 'outbox-1', replyTo: { externalId: 'slack:c0/5', conversationId: 'slack:c0' }, to: [], text: 'Sending it now.' };
    expect(await demo.checkSent(draft)).toEqual({ status: 'not-sent' });
    let submitted = 0;
    const result = await demo.send(draft, new AbortController().signal, { submitted: () => submitted++ });
    expect(submitted).toBe(1);
    expect(result.item).toMatchObject({ fromMe: true, conversationId: 'slack:c0', text: 'Sending it now.', source: 'slack' });
    expect(result.stream).toBe('chats');
    expect(await demo.send(draft, new AbortController().signal)).toEqual(result);
    expect(await demo.checkSent(draft)).toEqual({ status: 'sent', result });
    const next = await syncAll(demo, cursors);
    const upserts = next.chats?.flatMap((b) => b.upserts) ?? [];
    expect(upserts.map((u) => u.externalId)).toEqual([result.externalId]);

    const mail = await demo.send({ idempotencyKey: 'outbox-2', replyTo: { externalId: 'mail:t1/2', conversationId: 'mail:t1' }, to: [], text: 'Confirmed.' }, new AbortController().signal);
    expect(mail.item).toMatchObject({ kind: 'email', fromMe: true, folders: ['sent'] });
    expect(mail.item?.kind === 'email' && mail.item.subject.startsWith('Re: ')).toBe(true);
    await expect(demo.send({ idempotencyKey: 'x', to: [], text: 'hi' }, new AbortController().signal)).rejects.toBeInstanceOf(CapabilityMissing);
    await expect(demo.send({ idempotencyKey: 'y', replyTo: { externalId: 'a', conversationId: 'nope:1' }, to: [], text: 'hi' }, new AbortController().signal)).rejects.toBeInstanceOf(BadResponse);
  });

  it('a failed send is not recorded, so checkSent says not-sent', async () => {
    const { demo } = openDemo({ faults: 'failing', failEvery: 2 });
    const draft = { idempotencyKey: 'k', replyTo: { externalId: 'slack:c0/5', conversationId: 'slack:c0' }, to: [], text: 'x' };
    expect(await demo.checkSent(draft)).toEqual({ status: 'not-sent' }); // call 1
    await expect(demo.send(draft, new AbortController().signal)).rejects.toBeInstanceOf(ProviderUnavailable); // call 2
    expect(await demo.checkSent(draft)).toEqual({ status: 'not-sent' }); // call 3
  });

  it('markRead is reflected as patches in the next sync; unknown ids are ignored', async () => {
    const { demo } = openDemo();
    const first = await syncAll(demo);
    const cursors = lastCursors(first);
    const unread = first.chats?.flatMap((b) => b.upserts).filter((i) => i.isUnread).slice(0, 3) ?? [];
    expect(unread.length).toBe(3);
    await demo.markRead([...unread.map((u) => u.externalId), 'nope:1/2'], true, new AbortController().signal);
    const next = await syncAll(demo, cursors);
    expect(next.chats?.flatMap((b) => b.patches ?? [])).toEqual(unread.map((u) => ({ externalId: u.externalId, isUnread: false })));
    expect(await demo.me()).toContainEqual({ kind: 'email', address: 'alex.morgan@example.com', name: 'Alex Morgan' });
  });
});
