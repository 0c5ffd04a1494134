// Sending: SMTP submission, then the same bytes APPENDed to the \Sent folder (generic servers do not
// file submissions themselves; provider-apis.md §7.3). The outbox learns of the SMTP acceptance via
// hooks.submitted() before the APPEND, so a crash in between ends in fileSent(), never a resend.
import type { Draft, SendCheck, SendHooks, SendResult } from '../contract/connector.ts';
import { CapabilityMissing } from '../contract/errors.ts';
import type { ImapSession } from './client.ts';
import { credentials } from './client.ts';
import { mapSmtpError } from './smtp-errors.ts';
import { createSmtpTransport } from './smtp-transport.ts';
import { composeMessage, messageIdFor, type ComposedMessage } from './compose-message.ts';
import { parseMessage } from './parse-message.ts';
import { externalIdOf, toEmail, type MapContext } from './to-email.ts';

export interface SendDeps {
  session: ImapSession;
  /** Path and folder names of the \Sent folder, or undefined when the server has none. */
  sentFolder(): Promise<{ path: string; folders: string[] } | undefined>;
  ctx: MapContext;
}

async function submit(deps: SendDeps, message: ComposedMessage): Promise<void> {
  const { settings, auth, runtime } = deps.session;
  const creds = await credentials(settings, auth);
  const transport = await createSmtpTransport(settings, creds);
  try {
    // No retries: whether a failed submission reached the server is for the outbox to find out.
    await runtime.call('smtp.send', async () => {
      try {
        await transport.sendMail({ envelope: { from: message.from, to: message.recipients }, raw: message.raw });
      } catch (error) {
        throw mapSmtpError(error);
      }
    }, { retries: 0 });
  } finally {
    transport.close();
  }
}

async function appendToSent(deps: SendDeps, message: ComposedMessage, sentAt: string): Promise<SendResult> {
  const sent = await deps.sentFolder();
  if (!sent) throw new CapabilityMissing('The server has no \\Sent folder to file the sent copy in');
  // https://www.rfc-editor.org/rfc/rfc4315#section-3 (APPENDUID)
  const appended = await deps.session.run('imap.append', (client) => client.append(sent.path, message.raw, ['\\Seen'], new Date(sentAt)));
  let uidValidity = appended && appended.uidValidity !== undefined ? String(appended.uidValidity) : undefined;
  let uid = appended ? appended.uid : undefined;
  if (uid === undefined || uidValidity === undefined) {
    // No UIDPLUS: find the copy we just filed by its Message-ID.
    const found = await findInSent(deps, message.messageId);
    uid = found?.uid;
    uidValidity = found?.uidValidity;
  }
  return resultFor(deps, sent, message.raw, sentAt, uid, uidValidity);
}

async function resultFor(
  deps: SendDeps, sent: { path: string; folders: string[] }, raw: Buffer, sentAt: string, uid?: number, uidValidity?: string,
): Promise<SendResult> {
  const parsed = await parseMessage(raw);
  if (uid === undefined || uidValidity === undefined) return { externalId: parsed.messageId ?? '', sentAt, stream: sent.path };
  const item = toEmail({ path: sent.path, uidValidity, folders: sent.folders }, { uid, flags: new Set(['\\Seen']), internalDate: sentAt }, parsed, deps.ctx);
  return { externalId: externalIdOf(sent.path, uidValidity, uid), sentAt, item, stream: sent.path };
}

async function findInSent(deps: SendDeps, messageId: string): Promise<{ uid: number; uidValidity: string; raw?: Buffer; date?: Date } | undefined> {
  const sent = await deps.sentFolder();
  if (!sent) return undefined;
  // https://www.rfc-editor.org/rfc/rfc9051#name-search-command (HEADER)
  return deps.session.run('imap.search-sent', async (client) => {
    const lock = await client.getMailboxLock(sent.path);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length === 0) return undefined;
      const uid = Math.min(...uids);
      const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : '');
      const message = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
      const date = message && message.internalDate ? new Date(message.internalDate) : undefined;
      return { uid, uidValidity, raw: message ? message.source : undefined, date };
    } finally {
      lock.release();
    }
  });
}

export async function sendMessage(deps: SendDeps, draft: Draft, signal: AbortSignal, hooks?: SendHooks): Promise<SendResult> {
  const message = await composeMessage(draft, deps.session.settings);
  if (signal.aborted) throw signal.reason;
  await submit(deps, message);
  const sentAt = new Date().toISOString();
  hooks?.submitted?.();
  return appendToSent(deps, message, sentAt);
}

export async function checkSent(deps: SendDeps, draft: Draft): Promise<SendCheck> {
  const sent = await deps.sentFolder();
  if (!sent) return { status: 'unknown' };
  try {
    const found = await findInSent(deps, messageIdFor(draft.idempotencyKey, deps.session.settings.email));
    // Not in Sent proves nothing: SMTP may have accepted it just before a crash, ahead of the APPEND.
    // SMTP has no idempotency, so only the user can decide to send again (never a double send).
    if (!found) return { status: 'unknown' };
    const sentAt = (found.date ?? new Date()).toISOString();
    return { status: 'sent', result: await resultFor(deps, sent, found.raw ?? Buffer.alloc(0), sentAt, found.uid, found.uidValidity) };
  } catch {
    return { status: 'unknown' };
  }
}

/** Files the sent copy after a crash between SMTP acceptance and APPEND; never sends. Idempotent. */
export async function fileSent(deps: SendDeps, draft: Draft): Promise<SendResult> {
  const check = await checkSent(deps, draft);
  if (check.status === 'sent') return check.result;
  const message = await composeMessage(draft, deps.session.settings);
  return appendToSent(deps, message, new Date().toISOString());
}
