// The reading pane: the open item as mail (sanitized HTML in a sandboxed frame, or plain text), as a
// chat (bubbles) or as a note (a page).
import { useMemo } from 'react';
import { AttachmentList } from '../../components/AttachmentList.tsx';
import { Avatar } from '../../components/Avatar.tsx';
import { ChatBubbles } from '../../components/ChatBubbles.tsx';
import { EmailFrame } from '../../components/EmailFrame.tsx';
import { SourceBadge } from '../../components/SourceBadge.tsx';
import { sanitizeEmail } from '../../lib/sanitize-html.ts';
import { fullTime } from '../../lib/time.ts';
import type { ItemDetail } from '../../lib/types.ts';
import { useDarkTheme } from '../../lib/use-dark.ts';
import { useStore } from '../../state/store.ts';

function names(list: { name?: string | undefined; address: string }[]): string {
  return list.map((p) => p.name || p.address).join(', ');
}

function Body({ detail }: { detail: ItemDetail }) {
  const { item } = detail;
  const allowed = useStore((s) => s.selection.remoteAllowed[detail.id] === true);
  const dark = useDarkTheme();
  const sanitized = useMemo(() => (item.html ? sanitizeEmail(item.html, { allowRemote: allowed, dark }) : null), [item.html, allowed, dark]);
  if (!sanitized) return <pre className="plain-body">{item.text || '(no text)'}</pre>;
  return (
    <>
      {sanitized.blockedRemote > 0 && (
        <div className="remote-bar" role="status">
          <span>Remote images are blocked, so the sender cannot tell you opened this.</span>
          <button type="button" onClick={() => useStore.getState().allowRemote(detail.id)}>
            Load remote images
          </button>
        </div>
      )}
      <EmailFrame srcdoc={sanitized.srcdoc} title={`Message body${'subject' in item ? `: ${item.subject}` : ''}`} />
    </>
  );
}

function Header({ detail }: { detail: ItemDetail }) {
  const { item } = detail;
  const from = item.sender.name || item.sender.address;
  const title = item.kind === 'email' ? item.subject || '(no subject)' : item.kind === 'note' ? item.title || 'Untitled note' : `Chat with ${from}`;
  return (
    <header className="reading-header">
      <h1 className="reading-title">{title}</h1>
      <div className="reading-meta">
        <Avatar name={from} size="sm" />
        <span className="reading-from" title={item.sender.address}>
          {from}
        </span>
        <SourceBadge source={item.source} />
        <time dateTime={item.sentAt}>{fullTime(item.sentAt)}</time>
      </div>
      {item.kind === 'email' && item.recipients.length > 0 && <div className="reading-to">To {names(item.recipients)}{item.cc.length > 0 && ` · Cc ${names(item.cc)}`}</div>}
      {item.kind === 'note' && item.location && <div className="reading-to">{item.location}</div>}
      {item.kind === 'email' && item.parseWarning && <div className="reading-warning">Partly unreadable: {item.parseWarning}</div>}
    </header>
  );
}

export function ReadingPane() {
  const openId = useStore((s) => s.selection.openId);
  const detail = useStore((s) => s.selection.detail);
  const thread = useStore((s) => s.selection.thread);
  const loading = useStore((s) => s.selection.loading);
  const error = useStore((s) => s.selection.error);

  if (openId === null) {
    return (
      <section className="reading-pane reading-idle" aria-label="Reading pane">
        <p>
          Select an item with <kbd>j</kbd> <kbd>k</kbd> and open it with <kbd>Enter</kbd>.
        </p>
      </section>
    );
  }
  return (
    <section className="reading-pane" aria-label="Reading pane" aria-busy={loading}>
      {error && <div className="reading-error" role="alert">Could not open this item: {error}</div>}
      {detail && (
        <article className={`reading reading-${detail.item.kind}`}>
          <Header detail={detail} />
          {detail.item.kind === 'message' ? (
            <div className="chat-scroll">
              <ChatBubbles thread={thread.length > 0 ? thread : []} highlightId={detail.id} />
              {thread.length === 0 && <p className="plain-body">{detail.item.text}</p>}
            </div>
          ) : detail.item.kind === 'note' ? (
            <div className="note-page">
              <Body detail={detail} />
            </div>
          ) : (
            <Body detail={detail} />
          )}
          <AttachmentList attachments={detail.item.attachments} />
        </article>
      )}
    </section>
  );
}
