// imapflow / socket / SMTP failures → the typed connector errors the runtime acts on.
import { AuthExpired, ConnectorError, ProviderUnavailable, RateLimited } from '../contract/errors.ts';

interface ImapLikeError {
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  responseStatus?: string;
  responseCode?: number;
  message?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'NoConnection', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'EConnectionClosed', 'ETIMEOUT', 'ESOCKET',
  'ECONNECTION', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'SOCKET_TIMEOUT',
]);

// https://www.rfc-editor.org/rfc/rfc5530 response codes: LIMIT / UNAVAILABLE / INUSE mean "later".
const THROTTLE_CODES = new Set(['LIMIT', 'OVERQUOTA', 'INUSE']);

export function mapImapError(error: unknown, what: string): Error {
  if (error instanceof ConnectorError) return error;
  const e = (error ?? {}) as ImapLikeError;
  const text = `${what}: ${e.responseText || e.message || String(error)}`;
  const responseCode = e.serverResponseCode?.toUpperCase();
  if (e.authenticationFailed || responseCode === 'AUTHENTICATIONFAILED' || responseCode === 'AUTHORIZATIONFAILED' || e.code === 'EAUTH') {
    // A temporary auth-backend failure is not a bad password.
    if (responseCode === 'UNAVAILABLE') return new ProviderUnavailable(text, { cause: error });
    if (e.responseCode && e.responseCode >= 400 && e.responseCode < 500) return new ProviderUnavailable(text, { cause: error });
    return new AuthExpired(text, { cause: error });
  }
  if (responseCode && THROTTLE_CODES.has(responseCode)) return new RateLimited(text, undefined, { cause: error });
  if (/too many (connections|simultaneous|requests)|rate limit|throttl/i.test(e.responseText ?? e.message ?? '')) {
    return new RateLimited(text, undefined, { cause: error });
  }
  if (responseCode === 'UNAVAILABLE' || (e.code && NETWORK_CODES.has(e.code))) return new ProviderUnavailable(text, { cause: error });
  if (e.responseCode && e.responseCode >= 400 && e.responseCode < 500) return new ProviderUnavailable(text, { cause: error });
  if (/timed? ?out|socket|connection (closed|reset)|unexpected close/i.test(e.message ?? '')) {
    return new ProviderUnavailable(text, { cause: error });
  }
  return error instanceof Error ? error : new Error(text);
}
