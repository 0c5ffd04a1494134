// Puts a just-sent item into the cache, so the conversation shows the reply before the next sync.
import type { Logger } from '../../../connectors/contract/runtime.ts';
import { UnifiedItem } from '../../../connectors/contract/models.ts';
import type { ChangeBus } from '../store/changes.ts';
import { writeTransaction, type WriteDb } from '../store/db.ts';
import { upsertItems } from '../store/items.ts';
import { getStreamState } from '../store/sync-state.ts';

/**
 * Upserts the connector's copy of the sent item into `stream` (default `outbox`) at the stream's
 * current generation, so the next sync of that stream updates this row (same externalId) and a
 * resync adopts it instead of deleting it. Never throws: the send itself already succeeded.
 */
export function cacheSentItem(
  deps: { db: WriteDb; bus: ChangeBus; log: Pick<Logger, 'warn'> },
  accountId: string,
  item: unknown,
  stream: string = 'outbox',
): number[] {
  const parsed = UnifiedItem.safeParse(item);
  if (!parsed.success) {
    deps.log.warn({ accountId, issues: parsed.error.issues }, 'connector returned a malformed sent item; not cached');
    return [];
  }
  try {
    const ids = writeTransaction(deps.db, () => {
      const generation = getStreamState(deps.db, accountId, stream)?.generation ?? 0;
      return upsertItems(deps.db, accountId, [parsed.data], { stream, generation });
    });
    if (ids.length) deps.bus.emit({ kind: 'items', accountId, ids });
    return ids;
  } catch (err) {
    deps.log.warn({ accountId, err }, 'caching the sent item failed');
    return [];
  }
}
