// SMTP failures split by whether the server can already have the message (nodemailer error shapes).
import { describe, expect, it } from 'vitest';
import { AuthExpired, BadResponse, ProviderUnavailable, SendOutcomeUnknown } from '../../../connectors/contract/errors.ts';
import { mapSmtpError } from '../../../connectors/imap/smtp-errors.ts';

const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'smtp')), props);

describe('mapSmtpError', () => {
  it.each([
    ['connection refused', { code: 'ECONNREFUSED', command: 'CONN' }, ProviderUnavailable],
    ['greeting timeout', { code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }, ProviderUnavailable],
    ['a dropped connection during RCPT TO', { code: 'ECONNECTION', command: 'RCPT TO' }, ProviderUnavailable],
    ['a wrong password', { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 }, AuthExpired],
    ['a refused recipient', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 no such user' }, BadResponse],
    ['a greylisted recipient', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451, response: '451 try later' }, ProviderUnavailable],
    ['a refused message', { code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 spam' }, BadResponse],
    ['a timeout waiting for the reply to the message', { code: 'ETIMEDOUT', command: 'DATA', message: 'Timeout' }, SendOutcomeUnknown],
    ['a connection dropped with no command known', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, SendOutcomeUnknown],
  ])('%s', (_name, props, type) => {
    expect(mapSmtpError(err(props))).toBeInstanceOf(type);
  });

  it('an unknown outcome is never retried by the runtime', () => {
    expect(mapSmtpError(err({ code: 'ETIMEDOUT', command: 'DATA' })).constructor).toBe(SendOutcomeUnknown);
    expect((mapSmtpError(err({ code: 'ETIMEDOUT', command: 'DATA' })) as SendOutcomeUnknown).retryable).toBe(false);
  });
});
