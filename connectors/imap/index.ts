// IMAP/SMTP connector: any standards mail server (imapflow for IMAP, nodemailer for SMTP).
import { defineConnector, type ConnectorInstance } from '../contract/connector.ts';
import { CapabilityMissing } from '../contract/errors.ts';
import type { ConnectorRuntime } from '../contract/runtime.ts';
import { ImapSession } from './client.ts';
import { listFolders, type SyncFolder } from './list-streams.ts';
import { markRead } from './mark-read.ts';
import { createParsePool, type ParsePool } from './parse-pool.ts';
import { checkSent, fileSent, sendMessage, type SendDeps } from './send-message.ts';
import { ImapSettings, type ImapAuthHook } from './settings.ts';
import { syncFolder, type ParseMany } from './sync-folder.ts';
import { testConnection } from './test-connection.ts';
import { folderNames } from './to-email.ts';
import { watchInbox } from './watch-inbox.ts';

export { ImapSettings } from './settings.ts';

/**
 * UIDs per FETCH. 250 (about 2 MB of corpus mail) with one batch in flight ahead was the best
 * memory/speed trade in the full-corpus bench; 500 was no faster and took more memory.
 */
export const FETCH_BATCH = 250;

export interface ImapCreateOptions {
  /** OAuth access tokens (XOAUTH2/OAUTHBEARER) instead of the password. */
  auth?: ImapAuthHook;
  /** How raw messages are parsed; default: a worker pool started at the first sync, closed with the instance. */
  parse?: ParseMany;
  batchSize?: number;
}

export function createImapInstance(runtime: ConnectorRuntime, options: ImapCreateOptions = {}): ConnectorInstance {
  const settings = ImapSettings.parse(runtime.settings);
  const session = new ImapSession(settings, runtime, options.auth);
  const ctx = { myAddresses: new Set([settings.email.toLowerCase(), settings.user.toLowerCase()]) };
  let folders: Promise<SyncFolder[]> | undefined;
  let pool: ParsePool | undefined;
  const parse: ParseMany = options.parse ?? ((raws) => (pool ??= createParsePool()).parse(raws));
  const getFolders = () => {
    folders ??= listFolders(session).catch((error: unknown) => { folders = undefined; throw error; });
    return folders;
  };
  const sendDeps: SendDeps = {
    session,
    ctx,
    sentFolder: async () => (await getFolders()).find((f) => f.specialUse === '\\Sent'),
  };

  return {
    testConnection: () => testConnection(session),
    async streams() {
      folders = undefined; // a fresh LIST: folders may have been created or renamed
      return (await getFolders()).map((f) => ({ id: f.path, label: f.name }));
    },
    sync(stream, cursor, signal) {
      return (async function* () {
        const folder = (await getFolders()).find((f) => f.path === stream)
          ?? { path: stream, name: stream, folders: folderNames(stream, undefined) };
        yield* syncFolder({ session, folder, ctx, parse, batchSize: options.batchSize ?? FETCH_BATCH, windowDays: settings.syncWindowDays }, cursor, signal);
      })();
    },
    send: (draft, signal, hooks) => sendMessage(sendDeps, draft, signal, hooks),
    checkSent: (draft) => checkSent(sendDeps, draft),
    fileSent: (draft) => fileSent(sendDeps, draft),
    markRead: (externalIds, read) => markRead(session, externalIds, read),
    async watch(onChange, signal) {
      const inbox = (await getFolders()).find((f) => f.specialUse === '\\Inbox');
      if (!inbox) throw new CapabilityMissing('No INBOX to watch');
      return watchInbox(session, inbox.path, onChange, signal);
    },
    me: async () => [{ kind: 'email', address: settings.email, ...(settings.displayName ? { name: settings.displayName } : {}) }],
    async close() {
      await Promise.all([session.close(), pool?.close()]);
      pool = undefined;
    },
  };
}

export const imapConnector = defineConnector({
  manifest: {
    id: 'imap',
    kind: 'email',
    displayName: 'IMAP / SMTP',
    authType: 'password',
    settings: ImapSettings,
    secretFields: ['password'],
    capabilities: ['reply', 'markRead', 'incremental', 'push', 'attachments'],
    // Mail servers limit connections more than requests (Dovecot: 10 per user and IP by default).
    rateLimits: { concurrency: 2 },
  },
  create: (runtime) => createImapInstance(runtime),
});
