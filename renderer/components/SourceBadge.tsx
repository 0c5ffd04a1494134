// A small coloured tag naming where an item comes from.
import type { SourceId } from '../lib/types.ts';

export const SOURCE_LABELS: Record<SourceId, string> = {
  gmail: 'Gmail',
  outlook: 'Outlook',
  imap: 'Mail',
  teams: 'Teams',
  whatsapp: 'WhatsApp',
  slack: 'Slack',
  onenote: 'OneNote',
  demo: 'Demo',
};

export const SOURCES = Object.keys(SOURCE_LABELS) as SourceId[];

export function SourceBadge({ source }: { source: SourceId }) {
  return <span className={`badge badge-${source}`}>{SOURCE_LABELS[source]}</span>;
}
