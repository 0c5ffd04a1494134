// One nodemailer SMTP transport for an account's settings, used to send and to test the connection.
import type { Transporter } from 'nodemailer';
import type { ImapCredentials, ImapSettings } from './settings.ts';

export async function createSmtpTransport(settings: ImapSettings, creds: ImapCredentials): Promise<Transporter> {
  // Loaded on first use: a sync-only process keeps its memory for the sync.
  const { default: nodemailer } = await import('nodemailer');
  const tls = settings.smtpTls;
  // https://nodemailer.com/smtp/
  return nodemailer.createTransport({
    host: settings.smtpHost ?? settings.host,
    port: settings.smtpPort,
    secure: tls === 'implicit',
    requireTLS: tls === 'starttls',
    ignoreTLS: tls === 'none',
    tls: { rejectUnauthorized: !settings.allowInvalidCertificates },
    auth: 'pass' in creds ? { user: creds.user, pass: creds.pass } : { type: 'OAuth2', user: creds.user, accessToken: creds.accessToken },
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}
