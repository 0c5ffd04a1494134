// Known failures become typed IPC errors with a sentence a person can act on; anything else is a
// bug: logged in full in main, and the renderer gets `internal` without the details.
import { z } from 'zod';
import { AuthExpired, CapabilityMissing, InvalidSettings, ProviderUnavailable, RateLimited } from '../../../connectors/contract/errors.ts';
import type { Logger } from '../../../connectors/contract/runtime.ts';
import { UnknownConnector } from '../../../connectors/registry.ts';
import { SearchSyntaxError } from '../../shared/search-query.ts';
import type { IpcError } from '../../shared/ipc-contract.ts';
import { UnknownAccount } from '../services/connector-host.ts';
import { ItemNotFound } from '../services/mark-read.ts';
import { OutboxError } from '../services/outbox.ts';

/** A request that fits the schema but not the rules (a next-action key of the wrong shape). */
export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

export const INTERNAL_MESSAGE = 'Something went wrong inside Switchboard. The details are in the log.';

/** "limit: Too big: expected number to be <=500" for the first few issues. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function toIpcError(err: unknown, log: Pick<Logger, 'error'>, channel: string): IpcError {
  if (err instanceof SearchSyntaxError) return { code: 'bad-query', message: err.message, column: err.column };
  if (err instanceof InvalidSettings) return { code: 'invalid-settings', message: err.message, field: err.field };
  if (err instanceof UnknownConnector) return { code: 'unknown-connector', message: err.message };
  if (err instanceof UnknownAccount || err instanceof ItemNotFound) {
    return { code: 'not-found', message: err.message };
  }
  if (err instanceof OutboxError) return { code: 'outbox', message: err.message };
  if (err instanceof CapabilityMissing) return { code: 'unsupported', message: err.message };
  if (err instanceof AuthExpired) return { code: 'auth-expired', message: `The account's sign-in is no longer accepted: sign in again. (${err.message})` };
  if (err instanceof RateLimited || err instanceof ProviderUnavailable) {
    return { code: 'unavailable', message: `The provider is busy or unreachable; try again in a moment. (${err.message})` };
  }
  if (err instanceof BadRequest) return { code: 'bad-request', message: err.message };
  if (err instanceof z.ZodError) return { code: 'bad-request', message: describeZodError(err) };
  log.error({ err, channel }, 'IPC handler failed');
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
