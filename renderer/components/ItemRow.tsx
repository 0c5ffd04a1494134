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
          {item.hasAttachments && <span className="row-clip" title="Has attachments" aria-hidden="true">⧉</span>}
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
