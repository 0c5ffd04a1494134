// `send --reply-to <item> --text …` and `outbox [retry|discard <id>]`.
import type { App } from '../../app.ts';
import type { OutboxEntry } from '../../services/outbox.ts';
import { getItem } from '../../store/items.ts';
import { parse, UsageError } from '../args.ts';
import { relativeTime, table, truncate } from '../format.ts';

const SETTLE_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(entry: OutboxEntry): string {
  switch (entry.state) {
    case 'sent':
      return `Sent${entry.result?.externalId ? ` (${entry.result.externalId})` : ''}.${entry.lastError ? ` Note: ${entry.lastError}` : ''}`;
    case 'failed':
      return `Failed: ${entry.lastError ?? 'unknown error'}. Retry with: outbox retry ${entry.id}`;
    case 'unknown':
      return `Not confirmed: ${entry.lastError ?? ''} Choose: outbox retry ${entry.id}  or  outbox discard ${entry.id}`;
    case 'cancelled':
      return 'Undone; nothing was sent.';
    default:
      return `${entry.state}, next attempt ${relativeTime(entry.sendAfter)}.`;
  }
}

/** Flushes until the entry leaves pending/sending, so the CLI reports what really happened. */
async function settle(app: App, id: string): Promise<OutboxEntry> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    await app.outbox.flush();
    const entry = app.outbox.get(id);
    if (!entry) throw new Error(`Outbox entry ${id} disappeared.`);
    if (entry.state !== 'pending' && entry.state !== 'sending') return entry;
    if (Date.now() > deadline) return entry;
    await sleep(Math.min(Math.max(entry.sendAfter - Date.now(), 100), 5000));
  }
}

/** Waits out the undo window; Ctrl+C during it cancels the reply. Returns false when undone. */
async function undoWindow(app: App, entry: OutboxEntry, out: (s: string) => void): Promise<boolean> {
  const wait = entry.sendAfter - Date.now();
  if (wait <= 0) return true;
  out(`Sending in ${Math.ceil(wait / 1000)}s — press Ctrl+C to undo.`);
  let undone = false;
  const onSigint = () => {
    undone = true;
  };
  process.once('SIGINT', onSigint);
  try {
    const end = entry.sendAfter;
    while (!undone && Date.now() < end) await sleep(Math.min(100, end - Date.now()));
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (undone) app.outbox.cancel(entry.id);
  return !undone;
}

export async function sendCommand(app: App, args: string[], out: (s: string) => void): Promise<number> {
  const { values } = parse(args, { 'reply-to': { type: 'string' }, text: { type: 'string' } }, { max: 0 });
  if (!values['reply-to']) throw new UsageError('send needs --reply-to <item id> (the number search shows).');
  if (!values.text?.trim()) throw new UsageError('send needs --text "…".');
  const itemId = Number(values['reply-to']);
  if (!Number.isInteger(itemId) || itemId < 1) throw new UsageError('--reply-to takes the item id number that search shows.');
  const row = getItem(app.db, itemId);
  if (!row) throw new UsageError(`No item ${itemId}. Find one with: search "<query>"`);
  await app.outbox.recover();
  const entry = app.outbox.queueReply({ accountId: row.accountId, replyToItemId: itemId, text: values.text });
  const to = entry.draft.to.map((i) => i.address).join(', ');
  out(`Reply to ${to}${entry.draft.subject ? ` — "${entry.draft.subject}"` : ''} queued as ${entry.id}.`);
  if (!(await undoWindow(app, entry, out))) {
    out('Undone; nothing was sent.');
    return 0;
  }
  const settled = await settle(app, entry.id);
  out(describe(settled));
  return settled.state === 'sent' ? 0 : 1;
}

export async function outboxCommand(app: App, args: string[], out: (s: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'retry' || sub === 'discard') {
    const { positionals } = parse(rest, {}, { min: 1, max: 1 });
    const id = positionals[0] as string;
    if (sub === 'discard') {
      app.outbox.discard(id);
      out(`Discarded ${id}.`);
      return 0;
    }
    app.outbox.retry(id);
    const settled = await settle(app, id);
    out(describe(settled));
    return settled.state === 'sent' ? 0 : 1;
  }
  const { values } = parse(args, { json: { type: 'boolean' }, all: { type: 'boolean' } }, { max: 0 });
  await app.outbox.recover();
  const entries = app.outbox.list(values.all ? {} : { states: ['pending', 'sending', 'failed', 'unknown', 'sent'] });
  if (values.json) {
    out(JSON.stringify(entries, null, 2));
    return 0;
  }
  if (entries.length === 0) {
    out('The outbox is empty.');
    return 0;
  }
  const rows = [['ID', 'STATE', 'ACCOUNT', 'TO', 'TEXT', 'UPDATED', 'NOTE']];
  for (const e of entries) {
    rows.push([
      e.id,
      e.state,
      e.accountId,
      truncate(e.draft.to.map((i) => i.address).join(', '), 28),
      truncate(e.draft.text, 32),
      relativeTime(e.updatedAt),
      truncate(e.lastError ?? '', 60),
    ]);
  }
  out(table(rows));
  return 0;
}
