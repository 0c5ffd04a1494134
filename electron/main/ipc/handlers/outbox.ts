// outbox.*: quick replies with undo, and the failed-send choices (retry, edit, discard).
import type { OutboxView } from '../../../shared/ipc-contract.ts';
import type { OutboxEntry } from '../../services/outbox.ts';
import type { HandlerApp, HandlerGroup } from './types.ts';

type Channels = 'outbox.list' | 'outbox.queueReply' | 'outbox.cancel' | 'outbox.retry' | 'outbox.discard' | 'outbox.edit';

/** Leaves out the replied item the draft carries for the connector: the renderer has it in the cache. */
export function toOutboxView(entry: OutboxEntry): OutboxView {
  const { draft, result } = entry;
  return {
    id: entry.id,
    accountId: entry.accountId,
    replyToItemId: entry.replyToItemId,
    state: entry.state,
    sendAfter: entry.sendAfter,
    attempts: entry.attempts,
    lastError: entry.lastError,
    submittedAt: entry.submittedAt,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    draft: {
      to: draft.to,
      cc: draft.cc ?? [],
      text: draft.text,
      ...(draft.subject === undefined ? {} : { subject: draft.subject }),
      ...(draft.html === undefined ? {} : { html: draft.html }),
    },
    result: result ? { externalId: result.externalId, sentAt: result.sentAt } : null,
  };
}

export function outboxHandlers(app: HandlerApp): HandlerGroup<Channels> {
  const { outbox } = app;
  return {
    'outbox.list': ({ states, accountId }) =>
      outbox.list({ ...(states ? { states } : {}), ...(accountId ? { accountId } : {}) }).map(toOutboxView),
    'outbox.queueReply': (input) => toOutboxView(outbox.queueReply(input)),
    'outbox.cancel': ({ id }) => toOutboxView(outbox.cancel(id)),
    'outbox.retry': ({ id }) => toOutboxView(outbox.retry(id)),
    'outbox.discard': ({ id }) => toOutboxView(outbox.discard(id)),
    'outbox.edit': ({ id, text, html }) => toOutboxView(outbox.edit(id, text, html)),
  };
}
