// The typed tree a search query parses into (shared: main compiles it to SQL, the UI may show it).
import type { ItemKind, SourceId } from '../../connectors/contract/models.ts';

/** A piece of text to find: a word, a "quoted phrase", either optionally a `prefix*`. */
export interface TextTerm {
  value: string;
  phrase: boolean;
  prefix: boolean;
}

/** Which FTS column a text term is limited to; `any` searches all of them. */
export type TextField = 'any' | 'from' | 'to' | 'subject';

export type QueryNode =
  | { type: 'all' }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | ({ type: 'text'; field: TextField } & TextTerm)
  | { type: 'source'; sources: SourceId[] }
  | { type: 'kind'; kind: ItemKind }
  | { type: 'folder'; folder: string }
  | { type: 'flag'; flag: 'unread' | 'read' | 'starred' | 'unstarred' }
  | { type: 'has-attachment' }
  | { type: 'from-me' }
  /** `after:` is inclusive of its day, `before:` exclusive (as in Gmail); `at` is epoch ms. */
  | { type: 'date'; op: 'before' | 'after'; at: number; text: string }
  | { type: 'account'; account: string };

export class SearchSyntaxError extends Error {
  /** 1-based column in the query text where the problem is. */
  readonly column: number;
  constructor(message: string, column: number) {
    super(`${message} (at column ${column})`);
    this.name = 'SearchSyntaxError';
    this.column = column;
  }
}
