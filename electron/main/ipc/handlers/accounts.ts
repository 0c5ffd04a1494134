// accounts.*, connectors.list and sync.run: the accounts screen.
import { z } from 'zod';
import type { ConnectorDefinition } from '../../../../connectors/contract/connector.ts';
import { connectors } from '../../../../connectors/registry.ts';
import type { AccountInfo } from '../../../shared/ipc-contract.ts';
import { addAccount, listAccounts, removeAccount, requireAccount, testAccount } from '../../services/accounts.ts';
import { UnknownAccount } from '../../services/connector-host.ts';
import { getAccountStatus } from '../../services/orchestrator.ts';
import { getAccount } from '../../store/accounts.ts';
import type { HandlerApp, HandlerGroup } from './types.ts';

type Channels = 'accounts.list' | 'accounts.add' | 'accounts.remove' | 'accounts.test' | 'connectors.list' | 'sync.run';

/**
 * The settings form's JSON Schema, as the user types it (io: 'input', so defaulted fields are optional).
 * Secret fields are marked the standard way (writeOnly) and the way form libraries look for (format: password).
 */
export function settingsJsonSchema(definition: ConnectorDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(definition.manifest.settings, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  for (const field of definition.manifest.secretFields) {
    const property = properties?.[field];
    if (property) Object.assign(property, { writeOnly: true, format: 'password' });
  }
  return schema;
}

function accountInfo(app: HandlerApp, account: ReturnType<typeof listAccounts>[number]): AccountInfo {
  return { ...account, status: getAccountStatus(app.db, account.id) ?? null };
}

export function accountHandlers(app: HandlerApp): HandlerGroup<Channels> {
  return {
    'accounts.list': () => listAccounts(app.db).map((a) => accountInfo(app, a)),
    'accounts.add': async (input) => {
      const { id } = await addAccount(app, input);
      const account = getAccount(app.db, id);
      if (!account) throw new UnknownAccount(id); // removed again in between
      return accountInfo(app, account);
    },
    'accounts.remove': async ({ id }) => {
      await removeAccount(app, id);
      return { ok: true };
    },
    'accounts.test': ({ id }) => testAccount(app, id),
    'connectors.list': () =>
      connectors.map((c) => ({
        id: c.manifest.id,
        displayName: c.manifest.displayName,
        kind: c.manifest.kind,
        authType: c.manifest.authType,
        capabilities: [...c.manifest.capabilities],
        secretFields: [...c.manifest.secretFields],
        settingsSchema: settingsJsonSchema(c),
      })),
    'sync.run': async ({ accountId }) => {
      if (accountId === undefined) return app.orchestrator.syncAll();
      requireAccount(app, accountId);
      return [await app.orchestrator.syncAccount(accountId)];
    },
  };
}
