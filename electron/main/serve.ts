// Browser mode (`npm run serve`): the desktop app's object and contract, served to a browser tab on
// 127.0.0.1. Prints the address with its per-launch token; Ctrl+C closes the server and the cache.
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type App } from './app.ts';
import { defaultDataDir } from './paths.ts';
import { openInBrowser, parseServeArgs, SERVE_USAGE, ServeUsageError } from './serve/launch.ts';
import { startServer, type RunningServer } from './serve/server.ts';
import { logDestination, logFile } from './services/log-file.ts';
import { createLogger } from './services/logger.ts';
import { openSecretStore } from './services/secrets.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = path.join(repoRoot, 'dist', 'renderer');

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`${s}\n`);
  let args;
  try {
    args = parseServeArgs(argv);
  } catch (e) {
    if (!(e instanceof ServeUsageError)) throw e;
    err(`switchboard serve: ${e.message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (args.help) {
    out(SERVE_USAGE);
    return 0;
  }

  const dataDir = defaultDataDir();
  const log = createLogger({ level: 'info', destination: logDestination(dataDir) });
  const secrets = await openSecretStore(dataDir);
  if (secrets.warning) err(`Warning: ${secrets.warning}\n`);
  const app: App = await createApp({ dataDir, log, secrets });

  const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
  if (!built) {
    err(`The UI is not built (${path.relative(process.cwd(), RENDERER_DIR) || RENDERER_DIR} is missing): run npm run build:renderer first.`);
    err('Serving the IPC WebSocket only until then.');
  }
  let server: RunningServer;
  try {
    server = await startServer({ app, staticDir: built ? RENDERER_DIR : undefined, ...(args.port === undefined ? {} : { port: args.port }) });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    err(`switchboard serve: ${code === 'EADDRINUSE' ? `port ${args.port} is already in use` : (e as Error).message}`);
    return 1;
  }
  app.orchestrator.start();
  app.outbox.start();

  out(`Switchboard is running at ${server.url}`);
  out(`Data: ${dataDir}  Logs: ${logFile(dataDir)}  Press Ctrl+C to stop.`);
  if (args.open) openInBrowser(server.url, (e) => err(`Could not open a browser (${e.message}); open the address above yourself.`));

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      // A second Ctrl+C while closing means "now": leave without waiting for in-flight work.
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, 'browser mode stopping');
      server
        .close()
        .then(() => app.close())
        .then(
          () => resolve(0),
          (e: unknown) => {
            err(`switchboard serve: could not close cleanly: ${(e as Error).message}`);
            resolve(1);
          },
        );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
