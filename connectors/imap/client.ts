// One IMAP session per connector instance (plus one for IDLE), opened lazily and reopened after a
// drop. Every provider request goes through runtime.call, so retry/backoff/logging apply once.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ConnectorRuntime } from '../contract/runtime.ts';
import { mapImapError } from './map-error.ts';
import type { ImapAuthHook, ImapCredentials, ImapSettings } from './settings.ts';
import { AuthExpired } from '../contract/errors.ts';

export async function credentials(settings: ImapSettings, auth?: ImapAuthHook): Promise<ImapCredentials> {
  if (auth) return { user: settings.user, accessToken: await auth.accessToken() };
  if (!settings.password) throw new AuthExpired('No password or access token for this IMAP account');
  return { user: settings.user, pass: settings.password };
}

export async function openImap(
  settings: ImapSettings, auth: ImapAuthHook | undefined, runtime: ConnectorRuntime, extra: Partial<ImapFlowOptions> = {},
): Promise<ImapFlow> {
  // https://imapflow.com/module-imapflow-ImapFlow.html#ImapFlow (constructor options)
  const options: ImapFlowOptions = {
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    doSTARTTLS: settings.tls === 'starttls' ? true : settings.tls === 'none' ? false : undefined,
    auth: await credentials(settings, auth),
    tls: { rejectUnauthorized: !settings.allowInvalidCertificates },
    logger: false,
    qresync: !settings.disableExtensions.includes('QRESYNC'),
    // CONDSTORE and QRESYNC are both switched on by imapflow's auto-ENABLE; turning it off is how a
    // user opts out of a server's broken CONDSTORE.
    disableAutoEnable: settings.disableExtensions.includes('CONDSTORE'),
    // Idle is explicit (watch-inbox.ts); an auto-IDLE between sync commands only adds round trips.
    disableAutoIdle: true,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
    ...extra,
  };
  const client = new ImapFlow(options);
  // Without a listener an 'error' event would crash the process; failures surface on the next command.
  client.on('error', (error: unknown) => runtime.log.warn({ err: String(error) }, 'imap connection error'));
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw mapImapError(error, `IMAP connect to ${settings.host}:${settings.port}`);
  }
  return client;
}

export class ImapSession {
  #client: ImapFlow | undefined;
  #connecting: Promise<ImapFlow> | undefined;
  readonly settings: ImapSettings;
  readonly runtime: ConnectorRuntime;
  readonly auth: ImapAuthHook | undefined;

  constructor(settings: ImapSettings, runtime: ConnectorRuntime, auth?: ImapAuthHook) {
    this.settings = settings;
    this.runtime = runtime;
    this.auth = auth;
  }

  async client(): Promise<ImapFlow> {
    if (this.#client?.usable) return this.#client;
    this.#client = undefined;
    this.#connecting ??= openImap(this.settings, this.auth, this.runtime).finally(() => { this.#connecting = undefined; });
    this.#client = await this.#connecting;
    return this.#client;
  }

  /** Runs `fn` with a live session through runtime.call; a failed session is dropped so a retry reconnects. */
  run<T>(op: string, fn: (client: ImapFlow, signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.runtime.call(op, async (signal) => {
      const client = await this.client();
      try {
        return await fn(client, signal);
      } catch (error) {
        if (!client.usable) this.drop();
        throw mapImapError(error, op);
      }
    });
  }

  drop(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.close();
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    try {
      if (client.usable) await client.logout();
    } catch {
      client.close();
    }
  }
}
