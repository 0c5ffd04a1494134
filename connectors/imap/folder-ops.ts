// The IMAP commands a folder sync is made of, each under the mailbox lock so that markRead or send
// on the same session interleave between them instead of inside them.
import type { ImapFlow } from 'imapflow';
import { BadResponse, CursorExpired } from '../contract/errors.ts';
import type { ImapSession } from './client.ts';
import { FetchedMessage, FlagChange, MailboxStatus } from './provider-schemas.ts';
import { formatUidSet, fromUids } from './uid-set.ts';

async function withMailbox<T>(session: ImapSession, op: string, path: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  return session.run(op, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      return await fn(client);
    } finally {
      lock.release();
    }
  });
}

function parseStatus(raw: unknown): MailboxStatus {
  const parsed = MailboxStatus.safeParse(raw);
  if (!parsed.success) throw new BadResponse(`SELECT answer not understood: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** A fresh SELECT (re-selecting when already selected: UIDNEXT/HIGHESTMODSEQ are only sent then). */
export function selectFolder(session: ImapSession, path: string): Promise<MailboxStatus & { condstore: boolean; qresync: boolean }> {
  // https://www.rfc-editor.org/rfc/rfc9051#name-select-command ; CONDSTORE: https://www.rfc-editor.org/rfc/rfc7162
  return withMailbox(session, 'imap.select', path, async (client) => {
    const status = parseStatus(await client.mailboxOpen(path));
    const condstore = client.enabled.has('CONDSTORE') && status.highestModseq !== undefined && !status.noModseq;
    return { ...status, condstore, qresync: condstore && client.enabled.has('QRESYNC') };
  });
}

function checkValidity(client: ImapFlow, path: string, uidValidity: string): void {
  const current = client.mailbox ? String(client.mailbox.uidValidity) : undefined;
  if (current !== uidValidity) {
    throw new CursorExpired(`UIDVALIDITY of ${path} changed (${uidValidity} → ${current}): cached UIDs are void`, path);
  }
}

/** UIDs in the folder, optionally only mail since a date (UID SEARCH ALL / SINCE). */
export function searchUids(session: ImapSession, path: string, uidValidity: string, since?: Date): Promise<number[]> {
  // https://www.rfc-editor.org/rfc/rfc9051#name-search-command
  return withMailbox(session, 'imap.search', path, async (client) => {
    checkValidity(client, path, uidValidity);
    const result = await client.search(since ? { since } : { all: true }, { uid: true });
    if (!result) throw new BadResponse(`UID SEARCH failed in ${path}`);
    return result;
  });
}

/** New mail: UIDs ≥ uidNext (`UID SEARCH UID n:*` also returns the last UID when none is new). */
export async function searchNewUids(session: ImapSession, path: string, uidValidity: string, uidNext: number): Promise<number[]> {
  return withMailbox(session, 'imap.search-new', path, async (client) => {
    checkValidity(client, path, uidValidity);
    const result = await client.search({ uid: `${uidNext}:*` }, { uid: true });
    if (!result) throw new BadResponse(`UID SEARCH failed in ${path}`);
    return result.filter((uid) => uid >= uidNext).sort((a, b) => a - b);
  });
}

/**
 * Fetches full sources of a set of UIDs in ONE command and collects them (never another command
 * inside a fetch stream: imapflow would deadlock).
 */
export function fetchSources(session: ImapSession, path: string, uidValidity: string, uids: number[]): Promise<FetchedMessage[]> {
  // https://www.rfc-editor.org/rfc/rfc9051#name-fetch-command
  return withMailbox(session, 'imap.fetch', path, async (client) => {
    checkValidity(client, path, uidValidity);
    const raw = await client.fetchAll(formatUidSet(fromUids(uids)), { uid: true, flags: true, internalDate: true, source: true }, { uid: true });
    return raw.map((m) => {
      const parsed = FetchedMessage.safeParse(m);
      if (!parsed.success) throw new BadResponse(`FETCH answer for UID ${m.uid} not understood: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
  });
}

export interface Changes {
  flags: FlagChange[];
  /** Expunged UIDs reported by QRESYNC VANISHED (EARLIER); undefined when QRESYNC is off. */
  vanished?: number[];
}

/** Flag changes since a modseq (CONDSTORE) and, with QRESYNC, expunges as VANISHED. */
export function fetchChanges(session: ImapSession, path: string, uidValidity: string, changedSince: string, qresync: boolean): Promise<Changes> {
  // https://www.rfc-editor.org/rfc/rfc7162#section-3.1.4 (CHANGEDSINCE), #section-3.2.6 (VANISHED)
  return withMailbox(session, 'imap.changes', path, async (client) => {
    checkValidity(client, path, uidValidity);
    const vanished: number[] = [];
    const onExpunge = (event: { path?: string; uid?: number; vanished?: boolean }) => {
      if (event.vanished && event.uid && event.path === path) vanished.push(event.uid);
    };
    client.on('expunge', onExpunge);
    try {
      const raw = await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true, changedSince: BigInt(changedSince) });
      const flags = raw.map((m) => {
        const parsed = FlagChange.safeParse(m);
        if (!parsed.success) throw new BadResponse(`FETCH FLAGS answer not understood: ${parsed.error.issues[0]?.message}`);
        return parsed.data;
      });
      return qresync ? { flags, vanished } : { flags };
    } finally {
      client.off('expunge', onExpunge);
    }
  });
}

/** Without CONDSTORE: the flags of every message (the caller turns them into patches). */
export function fetchAllFlags(session: ImapSession, path: string, uidValidity: string): Promise<FlagChange[]> {
  return withMailbox(session, 'imap.flags', path, async (client) => {
    checkValidity(client, path, uidValidity);
    const raw = await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true });
    return raw.map((m) => FlagChange.parse(m));
  });
}
