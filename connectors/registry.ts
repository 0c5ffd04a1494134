// Every connector, listed statically: a new provider is one folder plus one line here.
import type { ConnectorDefinition } from './contract/connector.ts';
import { InvalidSettings } from './contract/errors.ts';
import { demoConnector } from './demo/index.ts';
import { imapConnector } from './imap/index.ts';

export const connectors: readonly ConnectorDefinition[] = [
  // one line per connector, e.g. imap, demo
  demoConnector,
  imapConnector,
];

export class UnknownConnector extends Error {
  constructor(id: string) {
    super(`Unknown connector "${id}". Known connectors: ${connectors.map((c) => c.manifest.id).join(', ') || '(none)'}.`);
    this.name = 'UnknownConnector';
  }
}

/** Case-insensitive lookup; throws UnknownConnector naming the known ids. */
export function getConnector(id: string): ConnectorDefinition {
  const wanted = id.trim().toLowerCase();
  const found = connectors.find((c) => c.manifest.id === wanted);
  if (!found) throw new UnknownConnector(id);
  return found;
}

/** Parses raw settings with the connector's schema; the error names the first bad field. */
export function parseSettings(definition: ConnectorDefinition, raw: unknown): Record<string, unknown> {
  const result = definition.manifest.settings.safeParse(raw);
  if (result.success) return result.data as Record<string, unknown>;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || '(settings)';
  const missing = issue?.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
  const what = missing ? 'is missing' : `is invalid: ${issue?.message ?? 'unknown problem'}`;
  throw new InvalidSettings(`${definition.manifest.displayName} setting "${field}" ${what}`, field);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
