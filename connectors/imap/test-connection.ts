// "Test connection" in account settings: log in over IMAP (and SMTP when configured), time it.
import type { TestResult } from '../contract/connector.ts';
import { credentials, openImap, type ImapSession } from './client.ts';
import { mapImapError } from './map-error.ts';
import { createSmtpTransport } from './smtp-transport.ts';

export async function testConnection(session: ImapSession): Promise<TestResult> {
  const { settings, auth, runtime } = session;
  const started = performance.now();
  try {
    const client = await openImap(settings, auth, runtime);
    const caps = ['CONDSTORE', 'QRESYNC', 'IDLE', 'UIDPLUS', 'SPECIAL-USE'].filter((c) => client.capabilities.has(c));
    await client.logout();
    let smtp = '';
    if (settings.smtpHost) {
      const creds = await credentials(settings, auth);
      // https://nodemailer.com/smtp/#verify-smtp-connection-configuration
      const transport = await createSmtpTransport(settings, creds);
      try {
        await transport.verify();
        smtp = `; SMTP ${settings.smtpHost}:${settings.smtpPort} OK`;
      } finally {
        transport.close();
      }
    }
    const latencyMs = Math.round(performance.now() - started);
    return { ok: true, latencyMs, detail: `IMAP ${settings.host}:${settings.port} OK as ${settings.user} (${caps.join(' ') || 'no extensions'})${smtp}` };
  } catch (error) {
    const mapped = mapImapError(error, 'connection test');
    return { ok: false, latencyMs: Math.round(performance.now() - started), detail: `${mapped.name}: ${mapped.message}` };
  }
}
