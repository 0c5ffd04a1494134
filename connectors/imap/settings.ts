// Settings of an IMAP/SMTP account; the settings UI is generated from this schema.
import { z } from 'zod';

const TlsMode = z.enum(['implicit', 'starttls', 'none']);

export const ImapSettings = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(993),
  /** implicit = TLS from the first byte (993/465), starttls = upgrade required, none = cleartext (loopback only). */
  tls: TlsMode.default('implicit'),
  user: z.string().min(1),
  /** Secret field: kept in the SecretStore. Absent when `auth` supplies an OAuth access token. */
  password: z.string().optional(),
  /** The account's own address (for "from me" and the From header of replies). */
  email: z.email(),
  displayName: z.string().optional(),
  smtpHost: z.string().min(1).optional(),
  smtpPort: z.number().int().min(1).max(65535).default(465),
  smtpTls: TlsMode.default('implicit'),
  /** Only fetch mail from the last N days on the first sync; absent = all mail. */
  syncWindowDays: z.number().int().positive().optional(),
  /** Extensions to leave off even when advertised (servers with broken CONDSTORE/QRESYNC). */
  disableExtensions: z.array(z.enum(['CONDSTORE', 'QRESYNC'])).default([]),
  /** Skip server certificate checks (self-signed servers on a LAN). */
  allowInvalidCertificates: z.boolean().default(false),
});
export type ImapSettings = z.infer<typeof ImapSettings>;

/** Credentials for one connection: a password, or an XOAUTH2/OAUTHBEARER access token. */
export type ImapCredentials = { user: string; pass: string } | { user: string; accessToken: string };

/**
 * Hook for OAuth providers (Gmail, Microsoft 365 over IMAP): returns a fresh access token per
 * connection. Set by code that wraps this connector; plain IMAP accounts use the password.
 */
export interface ImapAuthHook {
  accessToken(): Promise<string>;
}
