// The Switchboard CLI over the same services as the app: accounts, sync, search, actions, send.
import { createApp, type App } from '../app.ts';
import { defaultDataDir } from '../paths.ts';
import { createLogger } from '../services/logger.ts';
import { logDestination } from '../services/log-file.ts';
import { UsageError } from './args.ts';
import { USAGE } from './usage.ts';
import { accountsCommand } from './commands/accounts.ts';
import { actionsCommand } from './commands/actions.ts';
import { outboxCommand, sendCommand } from './commands/outbox.ts';
import { searchCommand } from './commands/search.ts';
import { syncCommand } from './commands/sync.ts';

type Command = (app: App, args: string[], out: (s: string) => void) => Promise<number>;

const commands: Record<string, Command> = {
  accounts: accountsCommand,
  sync: syncCommand,
  search: searchCommand,
  actions: actionsCommand,
  send: sendCommand,
  outbox: outboxCommand,
};

/** Pulls the global flags out of argv wherever they stand. */
function globalFlags(argv: string[]) {
  const rest: string[] = [];
  let dataDir: string | undefined;
  let verbose = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--data-dir') {
      dataDir = argv[i + 1];
      if (!dataDir) throw new UsageError('--data-dir needs a directory.');
      i += 1;
    } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else if (arg === '--verbose') verbose = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else rest.push(arg);
  }
  return { rest, dataDir, verbose, help };
}

export async function main(argv: string[], out = (s: string) => process.stdout.write(`${s}\n`)): Promise<number> {
  const err = (s: string) => process.stderr.write(`${s}\n`);
  let app: App | undefined;
  try {
    const flags = globalFlags(argv);
    const [name, ...args] = flags.rest;
    if (flags.help || !name || name === 'help') {
      out(USAGE);
      return name || flags.help ? 0 : 2;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`Unknown command "${name}".`);
    const dataDir = flags.dataDir ?? defaultDataDir();
    const log = createLogger({ level: 'info', destination: logDestination(dataDir, { mirrorToStderr: flags.verbose }) });
    const undo = process.env.SWITCHBOARD_UNDO_SECONDS;
    app = await createApp({ dataDir, log, ...(undo ? { undoMs: Number(undo) * 1000 } : {}) });
    return await command(app, args, out);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`switchboard: ${error.message}\n`);
      err(USAGE);
      return 2;
    }
    const e = error as Error;
    err(`switchboard: ${e.message}`);
    if (process.env.SWITCHBOARD_DEBUG) err(e.stack ?? '');
    return 1;
  } finally {
    await app?.close();
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
