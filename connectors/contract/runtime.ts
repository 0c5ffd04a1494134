// What main hands a connector: everything that touches the outside world goes through here, so that
// retry, rate limits, correlation ids and secret redaction are applied once, not per connector.

/** pino-compatible subset; the runtime's logger already carries account id and correlation id. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface CallOptions {
  /** Attempts after the first for retryable failures (RateLimited, ProviderUnavailable). Default 4. */
  retries?: number;
  /** Units to take from the rate limiter (Gmail quota units, say). Default 1. */
  cost?: number;
}

export interface ConnectorRuntime {
  readonly accountId: string;
  /** The account's settings, already parsed with the connector's settings schema. */
  readonly settings: Record<string, unknown>;
  readonly log: Logger;
  /** Aborted when the account is removed or the app quits. */
  readonly signal: AbortSignal;
  /** Secrets (passwords, tokens) of this account, from the OS keyring or the encrypted file. */
  readonly secrets: {
    get(name: string): Promise<string | undefined>;
    set(name: string, value: string): Promise<void>;
  };
  /**
   * Runs one provider request through the rate limiter, retry with backoff (honouring
   * RateLimited.retryAfterMs) and a log line with the correlation id. `op` names the request.
   */
  call<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, options?: CallOptions): Promise<T>;
  /** fetch() through `call`, mapping 401/403 → AuthExpired, 429 → RateLimited, 5xx → ProviderUnavailable. */
  fetch(op: string, url: string | URL, init?: RequestInit, options?: CallOptions): Promise<Response>;
}
