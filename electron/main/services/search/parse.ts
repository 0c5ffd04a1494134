// Recursive-descent parser for the search language (DESIGN §4):
//   query := or ; or := and ("OR" and)* ; and := unary+ ; unary := "-" unary | "(" or ")" | term
// Terms are words, "phrases", `prefix*` and operator:value pairs. Punctuation-only words (`*`, `-`, `&`)
// carry nothing the full-text index could match, so they are dropped rather than failing the search.
import type { ItemKind, SourceId } from '../../../../connectors/contract/models.ts';
import { type QueryNode, SearchSyntaxError } from '../../../shared/search-query.ts';
import { type Token, tokenize } from './lexer.ts';

export { SearchSyntaxError, type QueryNode } from '../../../shared/search-query.ts';

export interface ParseOptions {
  /** Reference time for relative dates (`7d`, `today`); defaults to now. */
  now?: number;
}

type TermToken = Extract<Token, { t: 'term' }>;

const SOURCES: readonly SourceId[] = ['gmail', 'outlook', 'imap', 'teams', 'whatsapp', 'slack', 'onenote', 'demo'];
const SOURCE_ALIASES: Record<string, SourceId[]> = {
  email: ['gmail', 'outlook', 'imap'],
  mail: ['gmail', 'outlook', 'imap'],
  chat: ['teams', 'whatsapp', 'slack'],
};
const KINDS: Record<string, ItemKind> = {
  email: 'email', emails: 'email', mail: 'email',
  message: 'message', messages: 'message', chat: 'message', chats: 'message',
  note: 'note', notes: 'note',
};
const FLAGS = ['unread', 'read', 'starred', 'unstarred'] as const;

/** True when the text has something the unicode61 tokenizer would index (a letter or a digit). */
export function isSearchable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function parseQuery(text: string, options: ParseOptions = {}): QueryNode {
  const tokens = tokenize(text);
  const now = options.now ?? Date.now();
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const endCol = text.length + 1;

  // Each parse function returns null for a part that held only punctuation.
  function parseOr(): QueryNode | null {
    const first = peek();
    if (first?.t === 'or') throw new SearchSyntaxError('OR needs a term before it', first.col);
    const parts = [parseAnd()];
    for (let tok = peek(); tok?.t === 'or'; tok = peek()) {
      pos++;
      const next = peek();
      if (!next || next.t === 'rparen' || next.t === 'or') {
        throw new SearchSyntaxError('OR needs a term after it', tok.col);
      }
      parts.push(parseAnd());
    }
    return combine('or', parts);
  }

  function parseAnd(): QueryNode | null {
    const parts: (QueryNode | null)[] = [];
    for (let tok = peek(); tok && tok.t !== 'or' && tok.t !== 'rparen'; tok = peek()) parts.push(parseUnary());
    return combine('and', parts);
  }

  function parseUnary(): QueryNode | null {
    const tok = peek()!;
    if (tok.t === 'minus') {
      pos++;
      const next = peek();
      if (!next || next.t === 'rparen' || next.t === 'or') {
        throw new SearchSyntaxError('"-" needs a term right after it to exclude', tok.col);
      }
      const child = parseUnary();
      return child && { type: 'not', child };
    }
    if (tok.t === 'lparen') {
      pos++;
      if (peek()?.t === 'rparen') throw new SearchSyntaxError('These parentheses are empty', tok.col);
      const inner = parseOr();
      if (peek()?.t !== 'rparen') throw new SearchSyntaxError('This "(" is never closed; add a ")"', tok.col);
      pos++;
      return inner;
    }
    if (tok.t === 'rparen') throw new SearchSyntaxError('This ")" has no matching "("', tok.col);
    if (tok.t !== 'term') throw new SearchSyntaxError('OR needs a term before it', tok.col);
    pos++;
    return term(tok, now);
  }

  const root = parseOr();
  const rest = peek();
  if (rest?.t === 'rparen') throw new SearchSyntaxError('This ")" has no matching "("', rest.col);
  if (rest) throw new SearchSyntaxError('Unexpected text', rest.col ?? endCol);
  return root ?? { type: 'all' };
}

function combine(type: 'and' | 'or', parts: (QueryNode | null)[]): QueryNode | null {
  const kept = parts.filter((p): p is QueryNode => p !== null);
  // Flatten nested nodes of the same type: a b (c d) is one AND of four.
  const flat = kept.flatMap((p) => (p.type === type ? p.children : [p]));
  if (flat.length === 0) return null;
  return flat.length === 1 ? flat[0]! : { type, children: flat };
}

function term(tok: TermToken, now: number): QueryNode | null {
  const value = tok.value.trim();
  const fail = (message: string): never => {
    throw new SearchSyntaxError(message, tok.valueCol);
  };
  switch (tok.op) {
    case undefined:
      return isSearchable(value) ? { type: 'text', field: 'any', value, phrase: tok.quoted, prefix: tok.prefix } : null;
    case 'from':
    case 'to':
    case 'subject':
      if (tok.op === 'from' && !tok.quoted && value.toLowerCase() === 'me' && !tok.prefix) return { type: 'from-me' };
      if (!isSearchable(value)) fail(`${tok.op}: needs a word, name or address`);
      return { type: 'text', field: tok.op, value, phrase: tok.quoted, prefix: tok.prefix };
    case 'source': {
      const v = value.toLowerCase();
      const sources = SOURCE_ALIASES[v] ?? (SOURCES.includes(v as SourceId) ? [v as SourceId] : undefined);
      if (!sources) fail(`Unknown source "${value}"; use one of ${[...SOURCES, ...Object.keys(SOURCE_ALIASES)].join(', ')}`);
      return { type: 'source', sources: sources! };
    }
    case 'kind': {
      const kind = KINDS[value.toLowerCase()];
      if (!kind) fail(`Unknown kind "${value}"; use email, message (or chat) or note`);
      return { type: 'kind', kind: kind! };
    }
    case 'in':
      if (value === '') fail('in: needs a folder or label name');
      return { type: 'folder', folder: value.toLowerCase() };
    case 'is': {
      const flag = FLAGS.find((f) => f === value.toLowerCase());
      if (!flag) fail(`Unknown is: value "${value}"; use is:unread, is:read, is:starred or is:unstarred`);
      return { type: 'flag', flag: flag! };
    }
    case 'has':
      if (!/^attachments?$/i.test(value)) fail(`Unknown has: value "${value}"; use has:attachment`);
      return { type: 'has-attachment' };
    case 'before':
    case 'after':
      return { type: 'date', op: tok.op, at: parseDate(value, now, fail), text: value };
    case 'account':
      if (value === '') fail('account: needs an account id or name');
      return { type: 'account', account: value };
    default:
      return fail(`Unknown operator "${tok.op}:"`);
  }
}

/** Local midnight of a YYYY-MM-DD (or YYYY/MM/DD) date, or of a day relative to `now`. */
export function parseDate(value: string, now: number, fail: (message: string) => never): number {
  const v = value.toLowerCase();
  const today = new Date(now);
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  if (v === 'today') return new Date(y, m, d).getTime();
  if (v === 'yesterday') return new Date(y, m, d - 1).getTime();
  const rel = /^(\d{1,4})([dwmy])$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2];
    if (unit === 'd') return new Date(y, m, d - n).getTime();
    if (unit === 'w') return new Date(y, m, d - 7 * n).getTime();
    if (unit === 'm') return new Date(y, m - n, d).getTime();
    return new Date(y - n, m, d).getTime();
  }
  const abs = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(v);
  if (abs) {
    const [year, month, day] = [Number(abs[1]), Number(abs[2]), Number(abs[3])];
    const date = new Date(year, month - 1, day);
    // new Date rolls 2024-02-30 over to March; a real date survives the round trip.
    if (date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day) return date.getTime();
  }
  return fail(`"${value}" is not a date; use YYYY-MM-DD, today, yesterday, or a span like 7d, 2w, 3m, 1y`);
}
