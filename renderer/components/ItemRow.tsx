// One row of the unified inbox: person, source, subject and snippet, time, unread dot. Fixed height,
// so the virtual list never has to measure.
import { memo } from 'react';
import { relativeTime } from '../lib/time.ts';
import type { ItemSummary } from '../lib/types.ts';
import { Avatar } from './Avatar.tsx';
import { SourceBadge } from './SourceBadge.tsx';

export const ROW_HEIGHT = 64;

export const rowId = (id: number) => `item-${id}`;

export interface ItemRowProps {
  item: ItemSummary;
  selected: boolean;
  open: boolean;
  onPick(id: number): void;
}

function PaperClip() {
  return (
    <svg className="row-clip" viewBox="0 0 16 16" width="12" height="12" aria-label="Has attachments" role="img">
      <path d="M10.5 4.5 5.8 9.2a1.3 1.3 0 0 0 1.8 1.8l5-5a2.6 2.6 0 0 0-3.7-3.7l-5 5a3.9 3.9 0 0 0 5.5 5.5l4.2-4.2" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}

const KIND_WORD = { email: 'Email', message: 'Message', note: 'Note' } as const;

export const ItemRow = memo(function ItemRow({ item, selected, open, onPick }: ItemRowProps) {
  const person = item.fromMe ? 'Me' : item.senderName || item.senderAddress;
  const title = item.subject || item.snippet;
  const classes = ['row', item.isUnread && 'row-unread', selected && 'row-selected', open && 'row-open'].filter(Boolean).join(' ');
  return (
    <div
      id={rowId(item.id)}
      className={classes}
      role="option"
      aria-selected={selected}
      aria-label={`${item.isUnread ? 'Unread ' : ''}${KIND_WORD[item.kind]} from ${person}: ${title}`}
      onClick={() => onPick(item.id)}
    >
      <span className="row-dot" aria-hidden="true" />
      <Avatar name={person} />
      <div className="row-main">
        <div className="row-top">
          <span className="row-person">{person}</span>
          <SourceBadge source={item.source} />
          {item.hasAttachments && <PaperClip />}
          <time className="row-time" dateTime={item.sentAt}>
            {relativeTime(item.sentAt)}
          </time>
        </div>
        <div className="row-bottom">
          {item.subject && <span className="row-subject">{item.subject}</span>}
          <span className="row-snippet">{item.snippet}</span>
        </div>
      </div>
    </div>
  );
});
