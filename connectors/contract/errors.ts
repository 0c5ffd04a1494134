// Typed connector errors. The runtime decides what to do by class: retry, back off, stop the account.

export class ConnectorError extends Error {
  /** Whether the runtime may retry the same call. */
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The credentials are no longer accepted: the account needs "sign in again"; others keep syncing. */
export class AuthExpired extends ConnectorError {}

export class RateLimited extends ConnectorError {
  override readonly retryable = true;
  /** How long the provider asked us to wait, in ms; undefined when it did not say. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx, timeouts, connection refused: the provider is down or unreachable for now. */
export class ProviderUnavailable extends ConnectorError {
  override readonly retryable = true;
}

/** A provider payload failed its schema. Per item: logged and skipped; per page: the sync fails. */
export class BadResponse extends ConnectorError {}

/** The sync cursor is no longer valid (history 404, delta 410, UIDVALIDITY change). */
export class CursorExpired extends ConnectorError {
  readonly stream: string;
  constructor(message: string, stream: string, options?: { cause?: unknown }) {
    super(message, options);
    this.stream = stream;
  }
}

export class CapabilityMissing extends ConnectorError {}

/**
 * A send broke off after the provider may have received the message (an SMTP timeout or a dropped
 * connection after DATA): it may or may not have gone out. Never retried automatically; the outbox
 * marks it `unknown` and the user decides.
 */
export class SendOutcomeUnknown extends ConnectorError {}

/** Settings given for an account do not fit the connector's schema; names the field. */
export class InvalidSettings extends ConnectorError {
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds from `now`.
 * https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
