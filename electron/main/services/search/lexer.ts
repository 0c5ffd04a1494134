// Splits a search query into tokens: parentheses, OR, a leading `-`, words, "phrases" and operator:value pairs.
import { SearchSyntaxError } from '../../../shared/search-query.ts';

export type Token =
  | { t: 'lparen' | 'rparen' | 'or' | 'minus'; col: number }
  | {
      t: 'term';
      col: number;
      /** Lower-cased operator name (`from`, `is`, …) when the term was written `op:value`. */
      op?: string;
      /** Column of the value, for errors about it. */
      valueCol: number;
      value: string;
      quoted: boolean;
      prefix: boolean;
    };

export const OPERATORS = ['from', 'to', 'subject', 'source', 'kind', 'in', 'is', 'has', 'before', 'after', 'account'];

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
// A bare word ends at whitespace, a parenthesis or a quote.
const endsWord = (c: string | undefined) => c === undefined || isSpace(c) || c === '(' || c === ')' || c === '"';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  // Reads a "quoted" value starting at text[i] === '"'; returns the value and whether a `*` follows.
  const readQuoted = (): { value: string; prefix: boolean } => {
    const open = i;
    const close = text.indexOf('"', i + 1);
    if (close < 0) throw new SearchSyntaxError('This quote is never closed; add a closing "', open + 1);
    let value = text.slice(i + 1, close);
    i = close + 1;
    // "mailing li*" reads as a prefix too, the same as "mailing li"*.
    let prefix = /\*+$/.test(value);
    value = value.replace(/\*+$/, '');
    while (text[i] === '*') {
      prefix = true;
      i++;
    }
    return { value, prefix };
  };

  while (i < text.length) {
    const c = text[i]!;
    const col = i + 1;
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c === '(' ? 'lparen' : 'rparen', col });
      i++;
    } else if (c === '-' && text[i + 1] !== undefined && !isSpace(text[i + 1]) && text[i + 1] !== ')') {
      // Negation only at the start of a term: `-spam`, `-from:x`, `-"a b"`, `-(a OR b)`; `e-mail` stays one word.
      tokens.push({ t: 'minus', col });
      i++;
    } else if (c === '"') {
      const { value, prefix } = readQuoted();
      tokens.push({ t: 'term', col, valueCol: col + 1, value, quoted: true, prefix });
    } else {
      let end = i;
      while (!endsWord(text[end])) end++;
      const word = text.slice(i, end);
      i = end;
      if (word === 'OR') {
        tokens.push({ t: 'or', col });
        continue;
      }
      if (word === 'AND') continue; // explicit AND is the same as a space
      const op = /^([A-Za-z]+):(.*)$/s.exec(word);
      const name = op?.[1]?.toLowerCase();
      if (op && name && OPERATORS.includes(name)) {
        const valueCol = col + name.length + 1;
        if (op[2] === '' && text[i] === '"') {
          const { value, prefix } = readQuoted();
          tokens.push({ t: 'term', col, op: name, valueCol, value, quoted: true, prefix });
        } else if (op[2] === '') {
          throw new SearchSyntaxError(`${name}: needs a value right after the colon, e.g. ${name}:${example(name)}`, col);
        } else {
          tokens.push({ t: 'term', col, op: name, valueCol, ...bare(op[2]!) });
        }
        continue;
      }
      // `re:` alone, `10:30` and URLs are ordinary words; `foo:bar` with an unknown name is a typo worth flagging.
      if (op && name && op[2] !== '' && !op[2]!.startsWith('//')) {
        throw new SearchSyntaxError(`Unknown operator "${op[1]}:". Known ones: ${OPERATORS.map((o) => `${o}:`).join(' ')}`, col);
      }
      tokens.push({ t: 'term', col, valueCol: col, ...bare(word) });
    }
  }
  return tokens;
}

function bare(word: string): { value: string; quoted: false; prefix: boolean } {
  const stripped = word.replace(/\*+$/, '');
  return { value: stripped, quoted: false, prefix: stripped.length < word.length };
}

function example(op: string): string {
  const examples: Record<string, string> = {
    from: 'ana@example.com', to: 'ana', subject: 'invoice', source: 'gmail', kind: 'email', in: 'inbox',
    is: 'unread', has: 'attachment', before: '2024-01-31', after: '7d', account: 'work',
  };
  return examples[op] ?? 'value';
}
