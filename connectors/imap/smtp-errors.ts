// nodemailer SMTP failures → typed errors, split by whether the server can already have the message.
// Before DATA's final reply nothing was accepted, so a retry is safe; after it, the outcome is unknown.
import { AuthExpired, BadResponse, ProviderUnavailable, SendOutcomeUnknown } from '../contract/errors.ts';
import { mapImapError } from './map-error.ts';

interface SmtpLikeError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

// https://nodemailer.com/smtp/ error codes; `command` is the SMTP command the failure answered.
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'EDNS', 'ENOTFOUND', 'ETLS', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const BEFORE_DATA_COMMANDS = /^(CONN|GREETING|EHLO|HELO|LHLO|STARTTLS|AUTH.*|MAIL FROM|RCPT TO)$/i;

export function mapSmtpError(error: unknown): Error {
  const e = (error ?? {}) as SmtpLikeError;
  const text = `SMTP send: ${e.response || e.message || String(error)}`;
  if (e.code === 'EAUTH') return new AuthExpired(text, { cause: error });
  // The server refused the sender, the recipients or the message itself: sending again gets the same answer.
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    if (e.responseCode && e.responseCode >= 400 && e.responseCode < 500) return new ProviderUnavailable(text, { cause: error });
    return new BadResponse(`The mail server refused this message: ${e.response || e.message}`, { cause: error });
  }
  if ((e.code && NOTHING_SENT_CODES.has(e.code)) || (e.command && BEFORE_DATA_COMMANDS.test(e.command))) {
    return mapImapError(error, 'SMTP send');
  }
  // A timeout or a dropped connection once the message was on its way.
  return new SendOutcomeUnknown(text, { cause: error });
}
