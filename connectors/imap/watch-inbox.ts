// Push for IMAP: IDLE (RFC 2177) on INBOX over its own connection, reopened after drops.
import type { ImapFlow } from 'imapflow';
import type { ImapSession } from './client.ts';
import { openImap } from './client.ts';

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 5 * 60_000;

export async function watchInbox(session: ImapSession, inboxPath: string, onChange: (streams: string[]) => void, signal: AbortSignal): Promise<() => Promise<void>> {
  let stopped = false;
  let client: ImapFlow | undefined;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  const notify = () => { if (!stopped) onChange([inboxPath]); };

  const scheduleReconnect = () => {
    if (stopped) return;
    session.runtime.log.info({ delay }, 'imap idle connection closed; reconnecting');
    timer = setTimeout(() => {
      connect().then(
        () => { delay = RECONNECT_MIN_MS; notify(); }, // mail may have arrived while we were away
        () => { delay = Math.min(delay * 2, RECONNECT_MAX_MS); scheduleReconnect(); },
      );
    }, delay);
  };

  const connect = async (): Promise<void> => {
    // The first connect fails loudly (bad password); later ones retry with backoff.
    // Servers may drop an idle client after 30 min (RFC 2177): IDLE is re-issued every 25.
    const next = await openImap(session.settings, session.auth, session.runtime, { maxIdleTime: 25 * 60_000 });
    if (stopped) { next.close(); return; }
    client = next;
    // imapflow turns untagged EXISTS / EXPUNGE / FETCH FLAGS during IDLE into these events.
    next.on('exists', notify);
    next.on('expunge', notify);
    next.on('flags', notify);
    next.on('close', () => scheduleReconnect());
    await next.mailboxOpen(inboxPath);
    // https://imapflow.com/module-imapflow-ImapFlow.html#idle — returns when IDLE is broken off.
    void (async () => {
      while (!stopped && next.usable) {
        try {
          await next.idle();
        } catch {
          break;
        }
      }
    })();
  };

  await connect();
  const stop = async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = undefined;
    if (c) {
      try {
        await c.logout();
      } catch {
        c.close();
      }
    }
  };
  signal.addEventListener('abort', () => void stop(), { once: true });
  return stop;
}
