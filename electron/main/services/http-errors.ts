// Maps HTTP outcomes to the typed connector errors the retry loop and the orchestrator act on.
import { AuthExpired, ProviderUnavailable, RateLimited, parseRetryAfter } from '../../../connectors/contract/errors.ts';

// Google answers quota errors with 403 + reason rateLimitExceeded/userRateLimitExceeded; Graph and
// Slack use 429. https://developers.google.com/gmail/api/guides/handle-errors
const RATE_LIMIT_BODY = /rate[\s_-]?limit|quota|too many requests|throttl/i;
const BODY_PREVIEW = 2_000;

/** A 5xx; a 503 often says when to come back (Retry-After), which the retry loop honours. */
export class ProviderUnavailableAfter extends ProviderUnavailable {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'ProviderUnavailable';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The wait a provider asked for, from a RateLimited or a 503, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof RateLimited || error instanceof ProviderUnavailableAfter) return error.retryAfterMs;
  return undefined;
}

async function bodyPreview(res: Response): Promise<string> {
  try {
    return (await res.text()).slice(0, BODY_PREVIEW);
  } catch {
    return '';
  }
}

/**
 * Returns the response when the connector should look at it itself (2xx, 3xx, other 4xx such as a
 * 404 that means "cursor expired"); throws a typed error for 401/403/429/5xx.
 */
export async function checkResponse(op: string, res: Response, now: number = Date.now()): Promise<Response> {
  const { status } = res;
  if (status !== 401 && status !== 403 && status !== 429 && status < 500) return res;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  const what = `${op}: HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}`;
  if (status === 429) return Promise.reject(new RateLimited(`${what} (rate limited)`, retryAfterMs));
  if (status === 401) {
    await bodyPreview(res);
    throw new AuthExpired(`${what}: the provider no longer accepts the credentials`);
  }
  if (status === 403) {
    const body = await bodyPreview(res);
    if (RATE_LIMIT_BODY.test(body)) throw new RateLimited(`${what} (rate limited)`, retryAfterMs);
    throw new AuthExpired(`${what}: access refused`);
  }
  await bodyPreview(res);
  throw new ProviderUnavailableAfter(what, retryAfterMs);
}

/** A fetch that failed before any response (DNS, refused, reset, timeout) is a provider outage. */
export function networkError(op: string, err: unknown): unknown {
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return err;
  if (err instanceof TypeError) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? err.message;
    return new ProviderUnavailable(`${op}: network error (${detail})`, { cause: err });
  }
  return err;
}
