// Shared setup for the IMAP connector tests: a Dovecot with corpus mail, connector instances, and a
// tiny in-memory "store" that applies SyncBatches the way the orchestrator does.
import { ImapFlow } from 'imapflow';
import type { ConnectorInstance, SyncBatch } from '../../../connectors/contract/connector.ts';
import type { UnifiedItem } from '../../../connectors/contract/models.ts';
import { createImapInstance, imapConnector, type ImapCreateOptions } from '../../../connectors/imap/index.ts';
import type { Dovecot } from '../../helpers/dovecot.ts';
import { testRuntime } from '../../helpers/test-runtime.ts';

export function settingsFor(dovecot: Dovecot, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    host: dovecot.host, port: dovecot.port, tls: 'none', user: dovecot.user, password: dovecot.pass,
    email: `${dovecot.user}@example.test`, smtpTls: 'none', ...extra,
  };
}

export function connect(dovecot: Dovecot, extra: Record<string, unknown> = {}, options: ImapCreateOptions = {}): ConnectorInstance {
  const settings = imapConnector.manifest.settings.parse(settingsFor(dovecot, extra)) as Record<string, unknown>;
  return createImapInstance(testRuntime(imapConnector.manifest, settings), options);
}

/** A second, plain imapflow session playing "another mail client" that changes the mailbox. */
export async function otherClient(dovecot: Dovecot): Promise<ImapFlow> {
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.pass }, logger: false });
  await client.connect();
  return client;
}

export class MemoryStore {
  items = new Map<string, UnifiedItem>();
  cursor: unknown;
  batches: SyncBatch[] = [];

  apply(batch: SyncBatch): void {
    this.batches.push(batch);
    for (const item of batch.upserts) this.items.set(item.externalId, item);
    for (const id of batch.deletions) this.items.delete(id);
    for (const patch of batch.patches ?? []) {
      const item = this.items.get(patch.externalId);
      if (!item) continue;
      if (patch.isUnread !== undefined) item.isUnread = patch.isUnread;
      if (patch.isStarred !== undefined) item.isStarred = patch.isStarred;
    }
    this.cursor = batch.cursor;
  }

  async sync(instance: ConnectorInstance, stream: string): Promise<SyncBatch[]> {
    const start = this.batches.length;
    for await (const batch of instance.sync(stream, this.cursor, new AbortController().signal)) this.apply(batch);
    return this.batches.slice(start);
  }
}
