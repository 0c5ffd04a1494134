// Marking items read or unread: the cache changes at once (the list must not wait for a provider round
// trip), the provider is told next, and a refusal puts the cache back and reaches the caller.
import { hasCapability } from '../../../connectors/contract/connector.ts';
import { CapabilityMissing } from '../../../connectors/contract/errors.ts';
import type { App } from '../app.ts';
import { writeTransaction } from '../store/db.ts';
import { getItem, setUnread, type ItemRow } from '../store/items.ts';

export class ItemNotFound extends Error {
  constructor(id: number) {
    super(`Item ${id} is no longer in the cache (it may have been deleted at the provider).`);
    this.name = 'ItemNotFound';
  }
}

/** Provider calls that hang must not leave the cache optimistic forever. */
const PROVIDER_TIMEOUT_MS = 60_000;

/** Returns the ids whose state actually changed. Throws before touching anything if a connector cannot mark read. */
export async function markItemsRead(app: Pick<App, 'db' | 'bus' | 'host'>, ids: readonly number[], read: boolean): Promise<number[]> {
  const byAccount = new Map<string, ItemRow[]>();
  for (const id of new Set(ids)) {
    const row = getItem(app.db, id);
    if (!row) throw new ItemNotFound(id);
    const list = byAccount.get(row.accountId);
    if (list) list.push(row);
    else byAccount.set(row.accountId, [row]);
  }
  const hosted = [];
  for (const [accountId, rows] of byAccount) {
    const { definition, instance } = await app.host.get(accountId);
    if (!hasCapability(definition.manifest, 'markRead') || !instance.markRead) {
      throw new CapabilityMissing(`${definition.manifest.displayName} accounts cannot mark items read or unread`);
    }
    hosted.push({ accountId, rows, markRead: instance.markRead.bind(instance) });
  }
  const updated: number[] = [];
  for (const { accountId, rows, markRead } of hosted) {
    // Only the rows whose state differs: a no-op must not call the provider or emit events.
    const changing = rows.filter((r) => r.item.isUnread === read);
    if (changing.length === 0) continue;
    const changedIds = changing.map((r) => r.id);
    writeTransaction(app.db, () => setUnread(app.db, changedIds, !read));
    app.bus.emit({ kind: 'items', accountId, ids: changedIds });
    try {
      await markRead(
        changing.map((r) => r.externalId),
        read,
        AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      );
    } catch (err) {
      writeTransaction(app.db, () => setUnread(app.db, changedIds, read));
      app.bus.emit({ kind: 'items', accountId, ids: changedIds });
      throw err;
    }
    updated.push(...changedIds);
  }
  return updated;
}
