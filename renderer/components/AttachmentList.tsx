// The files attached to an item, by name, type and size.
import type { UnifiedItem } from '../lib/types.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentList({ attachments }: { attachments: UnifiedItem['attachments'] }) {
  const shown = attachments.filter((a) => !a.inline);
  if (shown.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {shown.map((a, i) => (
        <li key={`${a.filename}-${i}`} className="attachment">
          <span className="attachment-name">{a.filename}</span>
          <span className="attachment-meta">
            {a.contentType} · {formatBytes(a.size)}
          </span>
        </li>
      ))}
    </ul>
  );
}
