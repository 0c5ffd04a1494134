// inbox.list, search.query, items.get, items.markRead, conversation.list: reading the cache.
import { search } from '../../services/search/index.ts';
import { ItemNotFound, markItemsRead } from '../../services/mark-read.ts';
import { getItem, listConversation } from '../../store/items.ts';
import { listInbox } from '../../store/search.ts';
import type { ItemSummary } from '../../../../connectors/contract/models.ts';
import type { HandlerApp, HandlerGroup } from './types.ts';

type Channels = 'inbox.list' | 'search.query' | 'items.get' | 'items.markRead' | 'conversation.list';

function page(items: ItemSummary[], limit: number, offset: number) {
  return { items, nextOffset: items.length === limit ? offset + limit : null };
}

export function itemHandlers(app: HandlerApp): HandlerGroup<Channels> {
  return {
    'inbox.list': ({ source, accountId, kind, unread, limit, offset }) =>
      page(
        listInbox(app.db, {
          limit,
          offset,
          ...(source ? { source } : {}),
          ...(accountId ? { accountId } : {}),
          ...(kind ? { kind } : {}),
          ...(unread ? { unreadOnly: true } : {}),
        }),
        limit,
        offset,
      ),
    // A SearchSyntaxError propagates to dispatch, which turns it into `bad-query` with its column.
    'search.query': ({ q, accountId, limit, offset }) =>
      page(search(app.db, q, { limit, offset, ...(accountId ? { accountId } : {}) }).items, limit, offset),
    'items.get': ({ id }) => {
      const row = getItem(app.db, id);
      if (!row) throw new ItemNotFound(id);
      return { id: row.id, accountId: row.accountId, externalId: row.externalId, item: row.item };
    },
    'items.markRead': async ({ ids, read }) => ({ updated: await markItemsRead(app, ids, read) }),
    'conversation.list': ({ accountId, conversationId, limit }) => ({ items: listConversation(app.db, accountId, conversationId, limit) }),
  };
}
