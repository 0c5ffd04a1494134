// Search entry point for IPC/CLI: parse the user's text, run it against the cache.
import type { ItemSummary } from '../../../../connectors/contract/models.ts';
import type { ReadDb } from '../../store/db.ts';
import { type SearchOptions, searchItems } from '../../store/search.ts';
import { type ParseOptions, parseQuery, type QueryNode } from './parse.ts';

export { SearchSyntaxError, type QueryNode } from './parse.ts';

export interface SearchResult {
  items: ItemSummary[];
  query: QueryNode;
}

/** Throws SearchSyntaxError (with a column) for a malformed query; never an SQLite error for user text. */
export function search(db: ReadDb, text: string, opts: SearchOptions & ParseOptions = {}): SearchResult {
  const { now, ...page } = opts;
  const query = parseQuery(text, now === undefined ? {} : { now });
  return { items: searchItems(db, query, page), query };
}
