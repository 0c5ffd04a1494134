// A loopback SMTP server that accepts any login and records what it receives (provider-apis.md §11.3).
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';
import type net from 'node:net';

export interface SinkMessage {
  envelope: SMTPServerEnvelope;
  raw: Buffer;
}

export interface SmtpSink {
  port: number;
  /** Messages accepted (250 after DATA). */
  messages: SinkMessage[];
  /** Messages whose DATA arrived, accepted or not yet (a stalled one shows here first). */
  received: SinkMessage[];
  /** Changes the stall for the next messages. */
  setStall(ms: number): void;
  /** Logins seen, for asserting on auth. */
  logins: { user: string; pass: string }[];
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Wait this long before answering DATA (tests that kill a send mid-flight). */
  stallMs?: number;
  /** Reject every login (auth-failure tests). */
  rejectAuth?: boolean;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const received: SinkMessage[] = [];
  let stallMs = opts.stallMs ?? 0;
  const logins: { user: string; pass: string }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (opts.rejectAuth) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const message = { envelope: structuredClone(session.envelope), raw: Buffer.concat(chunks) };
        received.push(message);
        const finish = () => {
          messages.push(message);
          callback();
        };
        if (stallMs) setTimeout(finish, stallMs);
        else finish();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
  return {
    port,
    messages,
    received,
    setStall: (ms) => {
      stallMs = ms;
    },
    logins,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
