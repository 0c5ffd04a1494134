// `accounts add|list|remove|test`
import { getConnector } from '../../../../connectors/registry.ts';
import type { App } from '../../app.ts';
import { getHealth } from '../../store/accounts.ts';
import { listStreamStates } from '../../store/sync-state.ts';
import { countItems } from '../../store/items.ts';
import { addAccount, listAccounts, removeAccount, testAccount } from '../../services/accounts.ts';
import { parse, settingsFromArgs, UsageError } from '../args.ts';
import { relativeTime, table } from '../format.ts';

function schemaFields(connector: string): string[] {
  const schema = getConnector(connector).manifest.settings as { shape?: Record<string, unknown> };
  return Object.keys(schema.shape ?? {});
}

export async function accountsCommand(app: App, args: string[], out: (s: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add': {
      const [connector, ...flags] = rest;
      if (!connector || connector.startsWith('--')) throw new UsageError('accounts add needs a connector, e.g. accounts add imap --host …');
      const definition = getConnector(connector);
      const nameIndex = flags.indexOf('--name');
      let name: string | undefined;
      if (nameIndex !== -1) {
        name = flags[nameIndex + 1];
        if (!name) throw new UsageError('--name needs a value.');
        flags.splice(nameIndex, 2);
      }
      const settings = settingsFromArgs(definition.manifest.id, flags, schemaFields(definition.manifest.id));
      const account = await addAccount(app, { connector: definition.manifest.id, settings, ...(name ? { name } : {}) });
      out(`Added ${definition.manifest.displayName} account "${account.name}" as ${account.id}.`);
      if (app.secrets.warning) out(`Note: ${app.secrets.warning}`);
      out(`Next: npm run cli -- sync --account ${account.id}`);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, { max: 0 });
      const accounts = listAccounts(app.db).map((a) => {
        const health = getHealth(app.db, a.id);
        const streams = listStreamStates(app.db, a.id);
        const oldest = streams.length ? Math.min(...streams.map((s) => s.updatedAt)) : null;
        return { ...a, items: countItems(app.db, a.id), health, cursorUpdatedAt: oldest };
      });
      if (values.json) {
        out(JSON.stringify(accounts, null, 2));
        return 0;
      }
      if (accounts.length === 0) {
        out('No accounts yet. Add one: npm run cli -- accounts add demo   (or: accounts add imap --host … )');
        return 0;
      }
      const rows = [['ID', 'CONNECTOR', 'NAME', 'ITEMS', 'STATE', 'LAST SYNC', 'CURSOR AGE', 'LAST ERROR']];
      for (const a of accounts) {
        rows.push([
          a.id,
          a.connector,
          a.name,
          String(a.items),
          a.health?.state ?? 'idle',
          relativeTime(a.health?.lastSuccessAt),
          relativeTime(a.cursorUpdatedAt),
          a.health?.lastError ?? '',
        ]);
      }
      out(table(rows));
      return 0;
    }
    case 'remove': {
      const { positionals } = parse(rest, {}, { min: 1, max: 1 });
      const id = positionals[0] as string;
      await removeAccount(app, id);
      out(`Removed ${id}, its cached items and its stored secrets.`);
      return 0;
    }
    case 'test': {
      const { positionals } = parse(rest, {}, { min: 1, max: 1 });
      const result = await testAccount(app, positionals[0] as string);
      out(`${result.ok ? 'OK' : 'FAILED'} in ${Math.round(result.latencyMs)} ms — ${result.detail}`);
      return result.ok ? 0 : 1;
    }
    default:
      throw new UsageError(sub ? `Unknown accounts command "${sub}".` : 'accounts needs a command: add, list, remove or test.');
  }
}
