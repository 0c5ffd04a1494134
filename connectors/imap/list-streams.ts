// Folders to sync, found by their special-use flags (RFC 6154), not by localized names.
import type { ImapSession } from './client.ts';
import { ListedMailbox } from './provider-schemas.ts';
import { folderNames } from './to-email.ts';

export interface SyncFolder {
  path: string;
  name: string;
  specialUse?: string;
  folders: string[];
}

const SYNCED = new Set(['\\Inbox', '\\Sent', '\\Archive']);

export async function listFolders(session: ImapSession): Promise<SyncFolder[]> {
  // https://www.rfc-editor.org/rfc/rfc6154 ; https://imapflow.com/module-imapflow-ImapFlow.html#list
  const listed = await session.run('imap.list', (client) => client.list());
  const out: SyncFolder[] = [];
  for (const entry of listed) {
    const parsed = ListedMailbox.safeParse(entry);
    if (!parsed.success) continue;
    const box = parsed.data;
    if (box.flags?.has('\\Noselect') || box.flags?.has('\\NonExistent')) continue;
    const isInbox = box.path.toUpperCase() === 'INBOX';
    if (!isInbox && !(box.specialUse && SYNCED.has(box.specialUse))) continue;
    const specialUse = isInbox ? '\\Inbox' : box.specialUse;
    out.push({ path: box.path, name: isInbox ? 'Inbox' : box.name, specialUse, folders: folderNames(box.path, specialUse) });
  }
  // INBOX first: its newest mail is what a person looks at first.
  return out.sort((a, b) => Number(b.specialUse === '\\Inbox') - Number(a.specialUse === '\\Inbox'));
}
