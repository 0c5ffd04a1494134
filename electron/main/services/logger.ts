// Structured logs (pino) with secrets redacted at any depth, and a correlation id that follows a sync
// run, a send or a single request through every log line made on its behalf.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Logger } from '../../../connectors/contract/runtime.ts';

export type { Logger };

/** Keys whose values never reach a log, matched case-insensitively at any depth. */
export const REDACTED_KEYS: readonly string[] = [
  'password',
  'pass',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'secret',
  'appSecret',
  'cookie',
  'set-cookie',
  'apiKey',
  'clientSecret',
];
const SENSITIVE = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
export const CENSOR = '[redacted]';
const MAX_DEPTH = 12;

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Copies `value` with every sensitive key censored. pino's own `redact` needs one path per depth,
 * which cannot say "at any depth"; logs are not a hot path, so a walk is affordable. Errors are
 * serialized first (message, stack, own props, cause) so that their props are censored too.
 */
export function censor(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  // pino's error serializer returns an object with its own prototype: copy it to a plain one.
  if (value instanceof Error) return censor({ ...pino.stdSerializers.err(value) }, depth + 1, seen);
  if (Array.isArray(value)) return value.map((v) => censor(v, depth + 1, seen));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SENSITIVE.has(key.toLowerCase()) && v != null ? CENSOR : censor(v, depth + 1, seen);
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: pino.DestinationStream;
}

/**
 * Wraps a pino logger so that child() bindings are censored too: pino resets its `bindings`
 * formatter for children, so a child's bindings would otherwise bypass redaction.
 */
function safe(inner: pino.Logger): Logger {
  return {
    debug: (obj, msg) => inner.debug(obj, msg),
    info: (obj, msg) => inner.info(obj, msg),
    warn: (obj, msg) => inner.warn(obj, msg),
    error: (obj, msg) => inner.error(obj, msg),
    child: (bindings) => safe(inner.child(censor(bindings) as Record<string, unknown>)),
  };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const inner = pino(
    {
      level: opts.level ?? process.env.SWITCHBOARD_LOG_LEVEL ?? 'info',
      base: undefined,
      // Errors are already serialized (and censored) by formatters.log; serializing again would
      // relabel them as type "Object".
      serializers: { err: (e: unknown) => (e instanceof Error ? censor(e) : e) },
      formatters: {
        // Each call's object, at any depth (child bindings are censored in safe()).
        log: (obj) => censor(obj) as Record<string, unknown>,
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return safe(inner);
}

/** A logger that drops everything (tests, tools that do not care). */
export function silentLogger(): Logger {
  return safe(pino({ level: 'silent' }));
}

/** Short random id: 12 hex characters of a v4 UUID (enough to find one run in a day of logs). */
export function newCorrelationId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

interface CorrelationContext {
  correlationId: string;
  /** A child logger that already carries the correlation id (and whatever else the caller bound). */
  log: Logger;
}

const context = new AsyncLocalStorage<CorrelationContext>();

/**
 * Runs `fn` with a correlation id: `log` is bound to it, and every log line made through a
 * runtime logger inside `fn` (the connector's own, the retry loop's) goes through that child.
 */
export function runWithCorrelation<T>(
  log: Logger,
  fn: (log: Logger, correlationId: string) => T,
  correlationId: string = newCorrelationId(),
): T {
  const child = log.child({ correlationId });
  return context.run({ correlationId, log: child }, () => fn(child, correlationId));
}

export function currentCorrelation(): CorrelationContext | undefined {
  return context.getStore();
}

/**
 * A logger that writes through the current correlation context's logger when there is one (a sync
 * run or a send), else through `base`. The runtime hands this to connectors, which are created once
 * per account but log on behalf of many runs.
 */
export function contextualLogger(base: Logger, bindings: Record<string, unknown> = {}): Logger {
  const hasBindings = Object.keys(bindings).length > 0;
  // child() per line would be wasteful: cache one child per underlying logger.
  const children = new WeakMap<Logger, Logger>();
  const target = (): Logger => {
    const current = context.getStore()?.log ?? base;
    if (!hasBindings) return current;
    let child = children.get(current);
    if (!child) {
      child = current.child(bindings);
      children.set(current, child);
    }
    return child;
  };
  return {
    debug: (obj, msg) => target().debug(obj, msg),
    info: (obj, msg) => target().info(obj, msg),
    warn: (obj, msg) => target().warn(obj, msg),
    error: (obj, msg) => target().error(obj, msg),
    child: (more) => contextualLogger(base, { ...bindings, ...more }),
  };
}
