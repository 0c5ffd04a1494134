// Compiles a parsed search query (electron/shared/search-query.ts) to one SQL statement over items + items_fts.
// Text leaves become FTS5 MATCH strings; every leaf of one AND/OR that FTS can express is folded into a single
// MATCH (one index lookup instead of several). Everything the user typed is a bound parameter, and text is
// always an FTS "string" (quotes doubled), so `"`, `*`, NEAR or AND in user text never becomes FTS syntax.
import type { ItemKind, ItemSummary, SourceId } from '../../../connectors/contract/models.ts';
import type { QueryNode, TextField } from '../../shared/search-query.ts';
import type { ReadDb } from './db.ts';
import { SUMMARY_COLUMNS, type SummaryRow, toSummary } from './items.ts';

export const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Restrict to one account (the account switcher), on top of any account: in the query. */
  accountId?: string;
}

export interface InboxOptions extends SearchOptions {
  source?: SourceId;
  kind?: ItemKind;
  unreadOnly?: boolean;
}

interface Sql {
  sql: string;
  params: unknown[];
}

const FTS_COLUMN: Record<TextField, string> = { any: '', from: 'sender : ', to: 'participants : ', subject: 'subject : ' };

/** One text leaf as an FTS5 string: always double-quoted, inner quotes doubled, optional prefix star. */
export function ftsString(value: string, prefix: boolean): string {
  return `"${value.replace(/"/g, '""')}"${prefix ? '*' : ''}`;
}

/** The FTS5 expression for a subtree made only of text leaves, or null when SQL is needed. */
function ftsOf(node: QueryNode): string | null {
  if (node.type === 'text') return `${FTS_COLUMN[node.field]}${ftsString(node.value, node.prefix)}`;
  if (node.type === 'or') {
    const parts = node.children.map(ftsOf);
    return parts.every((p) => p !== null) ? parts.map((p) => `(${p})`).join(' OR ') : null;
  }
  if (node.type === 'and') {
    const { positive, negative, rest } = splitAnd(node.children);
    if (rest.length > 0 || positive.length === 0) return null;
    return andNot(positive, negative);
  }
  return null;
}

/** Partitions AND children into FTS-expressible positives, FTS-expressible negations, and SQL-only rest. */
function splitAnd(children: readonly QueryNode[]) {
  const positive: string[] = [];
  const negative: string[] = [];
  const rest: QueryNode[] = [];
  for (const child of children) {
    const inner = child.type === 'not' ? ftsOf(child.child) : null;
    const own = child.type === 'not' ? null : ftsOf(child);
    if (own !== null) positive.push(own);
    else if (inner !== null) negative.push(inner);
    else rest.push(child);
  }
  return { positive, negative, rest };
}

// FTS5's NOT is binary ("a NOT b"), so negations ride along with at least one positive term.
function andNot(positive: readonly string[], negative: readonly string[]): string {
  const pos = positive.map((p) => `(${p})`).join(' AND ');
  return negative.length === 0 ? pos : `(${pos}) NOT (${negative.map((n) => `(${n})`).join(' OR ')})`;
}

const matchIn = (expr: string, negate = false): Sql => ({
  sql: `items.id ${negate ? 'NOT IN' : 'IN'} (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)`,
  params: [expr],
});

function join(parts: Sql[], op: 'AND' | 'OR'): Sql {
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(` ${op} `), params: parts.flatMap((p) => p.params) };
}

/** The WHERE condition for a query tree. */
export function compileWhere(node: QueryNode): Sql {
  switch (node.type) {
    case 'all':
      return { sql: '1', params: [] };
    case 'text':
      return matchIn(ftsOf(node)!);
    case 'and': {
      const { positive, negative, rest } = splitAnd(node.children);
      const parts: Sql[] = [];
      if (positive.length > 0) parts.push(matchIn(andNot(positive, negative)));
      else if (negative.length > 0) parts.push(matchIn(negative.map((n) => `(${n})`).join(' OR '), true));
      parts.push(...rest.map(compileWhere));
      return join(parts, 'AND');
    }
    case 'or': {
      const fts = node.children.map(ftsOf).filter((p): p is string => p !== null);
      const rest = node.children.filter((c) => ftsOf(c) === null);
      const parts: Sql[] = [];
      if (fts.length > 0) parts.push(matchIn(fts.map((p) => `(${p})`).join(' OR ')));
      parts.push(...rest.map(compileWhere));
      return join(parts, 'OR');
    }
    case 'not': {
      const inner = ftsOf(node.child);
      if (inner !== null) return matchIn(inner, true);
      const child = compileWhere(node.child);
      return { sql: `NOT (${child.sql})`, params: child.params };
    }
    case 'source':
      return { sql: `items.source IN (${node.sources.map(() => '?').join(', ')})`, params: [...node.sources] };
    case 'kind':
      return { sql: 'items.kind = ?', params: [node.kind] };
    case 'folder':
      return { sql: 'EXISTS (SELECT 1 FROM json_each(items.folders) WHERE value = ?)', params: [node.folder] };
    case 'flag':
      return {
        sql: node.flag === 'unread' || node.flag === 'read' ? 'items.is_unread = ?' : 'items.is_starred = ?',
        params: [node.flag === 'unread' || node.flag === 'starred' ? 1 : 0],
      };
    case 'has-attachment':
      return { sql: 'items.has_attachments = 1', params: [] };
    case 'from-me':
      return { sql: 'items.from_me = 1', params: [] };
    case 'date':
      return { sql: node.op === 'after' ? 'items.sent_at >= ?' : 'items.sent_at < ?', params: [node.at] };
    case 'account':
      return {
        sql: '(items.account_id = ? OR items.account_id IN (SELECT id FROM accounts WHERE name = ? COLLATE NOCASE))',
        params: [node.account, node.account],
      };
  }
}

function page(opts: SearchOptions): [number, number] {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? DEFAULT_PAGE), 1), MAX_PAGE);
  return [limit, Math.max(Math.trunc(opts.offset ?? 0), 0)];
}

/**
 * How to reach the first page. `lookup`: fetch every FTS match by rowid and sort them (fast when there are
 * few). `scan`: walk items_sent_at newest first and keep rows in the FTS set, stopping at the page end (fast
 * when there are many; sorting 70,000 matches of "the" by date took 127 ms, the scan 12 ms at 100k items).
 */
export type SearchPlan = 'auto' | 'lookup' | 'scan';

/** Above this many FTS matches, scanning by date beats looking each match up (measured at 100k items). */
export const SCAN_THRESHOLD = 1000;

/** The FTS expression every result must match (a top-level conjunct), if there is one. */
function drivingMatch(query: QueryNode): string | null {
  if (query.type === 'and') {
    const { positive, negative } = splitAnd(query.children);
    return positive.length > 0 ? andNot(positive, negative) : null;
  }
  return query.type === 'text' || query.type === 'or' ? ftsOf(query) : null;
}

// Short prefixes expand to thousands of terms; FTS5 merges them all before returning one row, so a probe
// would cost as much as the search. They nearly always match a lot: go straight to the scan.
const SHORT_PREFIX = /(?<![\p{L}\p{N}])[\p{L}\p{N}]{1,3}"\*/u;

/** Picks the plan with a bounded probe of the FTS index (at most SCAN_THRESHOLD + 1 rowids). */
export function choosePlan(db: ReadDb, query: QueryNode): 'lookup' | 'scan' {
  const match = drivingMatch(query);
  if (match === null) return 'lookup';
  if (SHORT_PREFIX.test(match)) return 'scan';
  const probe = db.prepare<[string, number], number>('SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT ?').pluck();
  return probe.all(match, SCAN_THRESHOLD + 1).length > SCAN_THRESHOLD ? 'scan' : 'lookup';
}

/** The statement searchItems runs (exported so tests and benches can EXPLAIN it). */
export function buildSearchSql(query: QueryNode, opts: SearchOptions = {}, plan: 'lookup' | 'scan' = 'lookup'): Sql {
  const where = [compileWhere(query)];
  if (opts.accountId !== undefined) where.push({ sql: 'items.account_id = ?', params: [opts.accountId] });
  const cond = join(where, 'AND');
  const [limit, offset] = page(opts);
  // `lookup` leaves the choice to SQLite (for FTS it searches items by rowid); `scan` pins the date index.
  const from = plan === 'scan' ? 'items INDEXED BY items_sent_at' : 'items';
  return {
    sql: `SELECT ${SUMMARY_COLUMNS} FROM ${from} WHERE ${cond.sql} ORDER BY items.sent_at DESC, items.id LIMIT ? OFFSET ?`,
    params: [...cond.params, limit, offset],
  };
}

/** One page of matches, newest first. */
export function searchItems(db: ReadDb, query: QueryNode, opts: SearchOptions & { plan?: SearchPlan } = {}): ItemSummary[] {
  const plan = opts.plan === undefined || opts.plan === 'auto' ? choosePlan(db, query) : opts.plan;
  const { sql, params } = buildSearchSql(query, opts, plan);
  return db.prepare<unknown[], SummaryRow>(sql).all(...params).map(toSummary);
}

/** The unified inbox without a query: newest first, with the list's quick filters. */
export function listInbox(db: ReadDb, opts: InboxOptions = {}): ItemSummary[] {
  const where: Sql[] = [];
  if (opts.accountId !== undefined) where.push({ sql: 'items.account_id = ?', params: [opts.accountId] });
  if (opts.source !== undefined) where.push({ sql: 'items.source = ?', params: [opts.source] });
  if (opts.kind !== undefined) where.push({ sql: 'items.kind = ?', params: [opts.kind] });
  if (opts.unreadOnly) where.push({ sql: 'items.is_unread = 1', params: [] });
  const cond = where.length > 0 ? join(where, 'AND') : { sql: '1', params: [] };
  const [limit, offset] = page(opts);
  return db
    .prepare<unknown[], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM items WHERE ${cond.sql} ORDER BY items.sent_at DESC, items.id LIMIT ? OFFSET ?`,
    )
    .all(...cond.params, limit, offset)
    .map(toSummary);
}
