// Argument helpers shared by the CLI commands: usage errors, flag → settings, env fallbacks.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the CLI was called: print the message and the usage, exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

type Config<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true };

export function parse<const O extends Options>(args: string[], options: O, positionals: { min?: number; max?: number } = {}) {
  let parsed;
  try {
    parsed = parseArgs<Config<O>>({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const count = parsed.positionals.length;
  if (positionals.min !== undefined && count < positionals.min) throw new UsageError('Missing argument.');
  if (positionals.max !== undefined && count > positionals.max) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[positionals.max]}".`);
  }
  return parsed;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function envName(connector: string, key: string): string {
  return `SWITCHBOARD_${connector}_${key.replace(/([A-Z])/g, '_$1')}`.toUpperCase();
}

function coerce(value: string): string | number | boolean {
  if (/^-?\d+$/.test(value) && value.length < 16) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/**
 * Turns `--smtp-host x --port 993` into { smtpHost: 'x', port: 993 }. Any setting may instead come from
 * the environment as SWITCHBOARD_<CONNECTOR>_<FIELD> (e.g. SWITCHBOARD_IMAP_PASSWORD), which keeps
 * passwords out of shell history.
 */
export function settingsFromArgs(connector: string, args: string[], fields: readonly string[]): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of fields) {
    const fromEnv = process.env[envName(connector, field)];
    if (fromEnv !== undefined) settings[field] = coerce(fromEnv);
  }
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}".`);
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value = eq === -1 ? (args[i + 1] ?? '--') : arg.slice(eq + 1);
    if (eq === -1) {
      // A flag without a value is a boolean switch (e.g. --allow-insecure).
      if (value.startsWith('--')) value = 'true';
      else i += 1;
    }
    const key = camel(flag);
    if (!fields.includes(key)) {
      throw new UsageError(`Unknown setting --${flag} for ${connector}. Settings: ${fields.map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(' ')}`);
    }
    settings[key] = coerce(value);
  }
  return settings;
}

/** Parses "2h", "30m", "3d", "tomorrow" into an absolute time. */
export function parseUntil(text: string, now = Date.now()): number {
  const match = /^(\d+)\s*([mhd])$/.exec(text.trim());
  if (match) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'h') as 'm' | 'h' | 'd'];
    return now + Number(match[1]) * unit;
  }
  if (text === 'tomorrow') {
    const d = new Date(now);
    d.setDate(d.getDate() + 1);
    d.setHours(8, 0, 0, 0);
    return d.getTime();
  }
  const date = Date.parse(text);
  if (Number.isNaN(date)) throw new UsageError(`Cannot read the time "${text}". Use e.g. 30m, 2h, 3d, tomorrow or 2026-12-01T09:00.`);
  return date;
}
