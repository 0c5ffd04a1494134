// Adding, listing, testing and removing accounts. Secrets go to the SecretStore, never to SQLite.
import { randomBytes } from 'node:crypto';
import type { TestResult } from '../../../connectors/contract/connector.ts';
import type { Account } from '../../../connectors/contract/models.ts';
import { getConnector, parseSettings } from '../../../connectors/registry.ts';
import { deleteAccount, getAccount, insertAccount, listAccounts } from '../store/accounts.ts';
import { writeTransaction } from '../store/db.ts';
import type { App } from '../app.ts';
import { UnknownAccount } from './connector-host.ts';
import { secretKey } from './runtime.ts';

type AppDeps = Pick<App, 'db' | 'bus' | 'secrets' | 'host'>;

export interface NewAccount {
  connector: string;
  name?: string;
  settings: Record<string, unknown>;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32);
}

function pickId(app: AppDeps, connector: string, hint: string): string {
  const base = [connector, slug(hint)].filter(Boolean).join('-');
  if (!getAccount(app.db, base)) return base;
  return `${base}-${randomBytes(3).toString('hex')}`;
}

function nameHint(settings: Record<string, unknown>): string {
  for (const key of ['email', 'user', 'username', 'name']) {
    const value = settings[key];
    if (typeof value === 'string' && value) return value;
  }
  return '';
}

export async function addAccount(app: AppDeps, input: NewAccount): Promise<Account> {
  const definition = getConnector(input.connector);
  const parsed = parseSettings(definition, input.settings);
  const id = pickId(app, definition.manifest.id, input.name ?? nameHint(parsed));
  const stored: Record<string, unknown> = {};
  const secrets: [string, string][] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (definition.manifest.secretFields.includes(key)) {
      if (value !== undefined && value !== '') secrets.push([key, String(value)]);
    } else stored[key] = value;
  }
  for (const [field, value] of secrets) await app.secrets.set(secretKey(id, field), value);
  const name = input.name ?? (nameHint(parsed) || definition.manifest.displayName);
  try {
    writeTransaction(app.db, () => insertAccount(app.db, { id, connector: definition.manifest.id, name, settings: stored }));
  } catch (error) {
    for (const [field] of secrets) await app.secrets.delete(secretKey(id, field));
    throw error;
  }
  app.bus.emit({ kind: 'accounts' });
  const account = getAccount(app.db, id);
  if (!account) throw new UnknownAccount(id);
  return account;
}

export function requireAccount(app: Pick<App, 'db'>, id: string): Account {
  const account = getAccount(app.db, id);
  if (!account) throw new UnknownAccount(id);
  return account;
}

export async function removeAccount(app: AppDeps, id: string): Promise<void> {
  const account = requireAccount(app, id);
  await app.host.close(id);
  writeTransaction(app.db, () => deleteAccount(app.db, id));
  const definition = getConnector(account.connector);
  for (const field of definition.manifest.secretFields) await app.secrets.delete(secretKey(id, field));
  app.bus.emit({ kind: 'accounts' });
}

export async function testAccount(app: AppDeps, id: string): Promise<TestResult> {
  requireAccount(app, id);
  const { instance } = await app.host.get(id);
  return instance.testConnection();
}

export { listAccounts };
