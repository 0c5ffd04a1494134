// `actions [--json]`, `actions dismiss <key>`, `actions snooze <key> --until 2h`
import type { App } from '../../app.ts';
import { computeNextActions, dismissAction, snoozeAction } from '../../services/next-actions.ts';
import { parse, parseUntil } from '../args.ts';

export async function actionsCommand(app: App, args: string[], out: (s: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'dismiss') {
    const { positionals } = parse(rest, {}, { min: 1, max: 1 });
    dismissAction(app.db, positionals[0] as string);
    out(`Dismissed ${positionals[0]}. It comes back only if something new arrives in that conversation.`);
    return 0;
  }
  if (sub === 'snooze') {
    const { values, positionals } = parse(rest, { until: { type: 'string', default: '3h' } }, { min: 1, max: 1 });
    const until = parseUntil(values.until);
    snoozeAction(app.db, positionals[0] as string, until);
    out(`Snoozed ${positionals[0]} until ${new Date(until).toLocaleString()}.`);
    return 0;
  }
  const { values } = parse(args, { json: { type: 'boolean' }, limit: { type: 'string' } }, { max: 0 });
  const actions = computeNextActions(app.db, { limit: values.limit ? Number(values.limit) : 20 });
  if (values.json) {
    out(JSON.stringify(actions, null, 2));
    return 0;
  }
  if (actions.length === 0) out('Nothing needs you right now.');
  for (const a of actions) {
    out(`${a.kind.padEnd(9)} ${a.score.toFixed(2)}  ${a.title}`);
    out(`          ${a.reason}`);
    out(`          items ${a.itemIds.join(', ')} · key ${a.key}`);
  }
  return 0;
}
