// Read/unread on the server: UID STORE ±FLAGS (\Seen), grouped per folder.
import type { ImapSession } from './client.ts';
import { parseExternalId } from './to-email.ts';
import { formatUidSet, fromUids } from './uid-set.ts';

export async function markRead(session: ImapSession, externalIds: string[], read: boolean): Promise<void> {
  const byFolder = new Map<string, { uidValidity: string; uids: number[] }[]>();
  for (const id of externalIds) {
    const ref = parseExternalId(id);
    if (!ref) continue;
    const groups = byFolder.get(ref.path) ?? [];
    let group = groups.find((g) => g.uidValidity === ref.uidValidity);
    if (!group) groups.push((group = { uidValidity: ref.uidValidity, uids: [] }));
    group.uids.push(ref.uid);
    byFolder.set(ref.path, groups);
  }
  for (const [path, groups] of byFolder) {
    // https://www.rfc-editor.org/rfc/rfc9051#name-store-command
    await session.run('imap.store-seen', async (client) => {
      const lock = await client.getMailboxLock(path);
      try {
        const current = client.mailbox ? String(client.mailbox.uidValidity) : '';
        // UIDs from an older UIDVALIDITY would name other messages now: those are skipped.
        for (const group of groups.filter((g) => g.uidValidity === current)) {
          const range = formatUidSet(fromUids(group.uids));
          if (read) await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
          else await client.messageFlagsRemove(range, ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    });
  }
}
