// A chat conversation as bubbles: mine on the right, theirs on the left with the sender's name.
import { fullTime, relativeTime } from '../lib/time.ts';
import type { ItemSummary } from '../lib/types.ts';

export function ChatBubbles({ thread, highlightId }: { thread: ItemSummary[]; highlightId: number }) {
  const ordered = [...thread].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  return (
    <ol className="bubbles" aria-label="Conversation">
      {ordered.map((m, i) => {
        const prev = ordered[i - 1];
        const showName = !m.fromMe && prev?.senderAddress !== m.senderAddress;
        return (
          <li key={m.id} className={`bubble-line ${m.fromMe ? 'mine' : 'theirs'}`}>
            {showName && <span className="bubble-name">{m.senderName || m.senderAddress}</span>}
            <div className={`bubble${m.id === highlightId ? ' bubble-current' : ''}`}>
              <span className="bubble-text">{m.snippet}</span>
              <time className="bubble-time" dateTime={m.sentAt} title={fullTime(m.sentAt)}>
                {relativeTime(m.sentAt)}
              </time>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
