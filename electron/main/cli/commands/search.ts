// `search "<query>" [--json] [--limit N] [--account ID]`
import type { App } from '../../app.ts';
import { search } from '../../services/search/index.ts';
import { parse, UsageError } from '../args.ts';
import { itemLine } from '../format.ts';

export async function searchCommand(app: App, args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean' }, limit: { type: 'string' }, offset: { type: 'string' }, account: { type: 'string' } },
    { min: 1 },
  );
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  const offset = values.offset === undefined ? 0 : Number(values.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000.');
  if (!Number.isInteger(offset) || offset < 0) throw new UsageError('--offset must be a whole number, 0 or more.');
  const { items } = search(app.db, positionals.join(' '), { limit, offset, ...(values.account ? { accountId: values.account } : {}) });
  if (values.json) {
    out(JSON.stringify(items, null, 2));
    return 0;
  }
  if (items.length === 0) out('No results.');
  for (const item of items) out(itemLine(item));
  return 0;
}
