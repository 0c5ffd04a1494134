// Plain-text output for the CLI: short, aligned, readable in an 80-column terminal.
import type { ItemSummary } from '../../../connectors/contract/models.ts';

export function relativeTime(iso: string | number | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined) return 'never';
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  const s = Math.round((now - t) / 1000);
  const abs = Math.abs(s);
  const suffix = s >= 0 ? 'ago' : 'from now';
  if (abs < 60) return `${abs}s ${suffix}`;
  if (abs < 3600) return `${Math.round(abs / 60)}m ${suffix}`;
  if (abs < 86400) return `${Math.round(abs / 3600)}h ${suffix}`;
  return `${Math.round(abs / 86400)}d ${suffix}`;
}

export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export function itemLine(item: ItemSummary): string {
  const when = item.sentAt.slice(0, 10);
  const who = truncate(item.senderName || item.senderAddress, 24).padEnd(24);
  const title = truncate(item.subject || item.snippet, 60);
  const flags = `${item.isUnread ? '●' : ' '}${item.hasAttachments ? '📎' : ' '}`;
  return `${String(item.id).padStart(7)} ${flags} ${when} ${item.source.padEnd(8)} ${who} ${title}`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
