// Syncs one stream of one account: pages from the connector, each committed with its cursor in one
// transaction, then announced. An expired cursor turns into a full resync reconciled by stable ids.
import type { ConnectorInstance, SyncBatch, SyncStream } from '../../../../connectors/contract/connector.ts';
import { CursorExpired } from '../../../../connectors/contract/errors.ts';
import type { Logger } from '../../../../connectors/contract/runtime.ts';
import type { ChangeBus } from '../../store/changes.ts';
import { writeTransaction, type WriteDb } from '../../store/db.ts';
import { deleteItems, deleteStaleItems, patchItems, upsertConversations, upsertItems } from '../../store/items.ts';
import { hasStaleItems } from '../../store/resync.ts';
import { beginResync, getStreamState, saveCursor } from '../../store/sync-state.ts';

export interface StreamCounts {
  upserted: number;
  deleted: number;
  patched: number;
  skipped: number;
  pages: number;
  resynced: boolean;
}

export interface StreamContext {
  db: WriteDb;
  bus: ChangeBus;
  log: Logger;
  accountId: string;
  instance: ConnectorInstance;
  signal: AbortSignal;
}

interface Pass {
  cursor: unknown;
  generation: number;
  /** A full resync in progress: adopt rows by reconcile key, then drop the ones not seen again. */
  reconcile: boolean;
}

function emptyCounts(): StreamCounts {
  return { upserted: 0, deleted: 0, patched: 0, skipped: 0, pages: 0, resynced: false };
}

/** Commits one batch and its cursor atomically; returns the row ids touched. */
function commitBatch(ctx: StreamContext, stream: string, batch: SyncBatch, pass: Pass) {
  const { db, accountId } = ctx;
  return writeTransaction(db, () => {
    if (batch.conversations?.length) upsertConversations(db, accountId, batch.conversations);
    const upserted = batch.upserts.length
      ? upsertItems(db, accountId, batch.upserts, { stream, generation: pass.generation, reconcile: pass.reconcile })
      : [];
    const patched = batch.patches?.length ? patchItems(db, accountId, batch.patches) : [];
    const removed = batch.deletions.length ? deleteItems(db, accountId, batch.deletions) : [];
    saveCursor(db, accountId, stream, batch.cursor);
    return { upserted, patched, removed };
  });
}

async function runPass(ctx: StreamContext, stream: SyncStream, pass: Pass, counts: StreamCounts): Promise<void> {
  const { bus, accountId, log } = ctx;
  let done = 0;
  for await (const batch of ctx.instance.sync(stream.id, pass.cursor, ctx.signal)) {
    ctx.signal.throwIfAborted();
    const { upserted, patched, removed } = commitBatch(ctx, stream.id, batch, pass);
    counts.pages++;
    counts.upserted += upserted.length;
    counts.patched += patched.length;
    counts.deleted += removed.length;
    if (batch.skipped?.length) {
      counts.skipped += batch.skipped.length;
      for (const s of batch.skipped) {
        log.warn({ stream: stream.id, externalId: s.externalId, reason: s.reason }, 'item skipped: provider payload could not be mapped');
      }
    }
    const changed = [...upserted, ...patched];
    if (changed.length) bus.emit({ kind: 'items', accountId, ids: changed });
    if (removed.length) bus.emit({ kind: 'items-removed', accountId, ids: removed });
    done += batch.upserts.length + batch.deletions.length + (batch.patches?.length ?? 0);
    bus.emit({
      kind: 'sync-progress',
      accountId,
      stream: stream.id,
      done,
      ...(batch.estimatedTotal !== undefined ? { total: batch.estimatedTotal } : {}),
    });
  }
}

export async function syncStream(ctx: StreamContext, stream: SyncStream): Promise<StreamCounts> {
  const { db, accountId, log } = ctx;
  const counts = emptyCounts();
  const state = getStreamState(db, accountId, stream.id);
  const generation = state?.generation ?? 0;
  // A resync interrupted by a crash or a quit left rows of older generations: it is still running.
  const reconcile = generation > 0 && hasStaleItems(db, accountId, stream.id, generation);
  let pass: Pass = { cursor: state?.cursor, generation, reconcile };
  try {
    await runPass(ctx, stream, pass, counts);
  } catch (err) {
    // A cursor that expires during a pass from scratch would loop forever: surface it instead.
    if (!(err instanceof CursorExpired) || pass.cursor === undefined) throw err;
    log.warn({ stream: stream.id, reason: err.message }, 'cursor expired: resyncing the stream');
    const next = writeTransaction(db, () => beginResync(db, accountId, stream.id));
    pass = { cursor: undefined, generation: next, reconcile: true };
    counts.resynced = true;
    await runPass(ctx, stream, pass, counts);
  }
  if (pass.reconcile) {
    // Only now is the resync complete; before this point every old row is still in place.
    const stale = writeTransaction(db, () => deleteStaleItems(db, accountId, stream.id, pass.generation));
    if (stale.length) {
      counts.deleted += stale.length;
      ctx.bus.emit({ kind: 'items-removed', accountId, ids: stale });
    }
    log.info({ stream: stream.id, generation: pass.generation, removed: stale.length }, 'resync complete');
  }
  return counts;
}
