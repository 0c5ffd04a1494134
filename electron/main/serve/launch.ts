// The `npm run serve` command line and opening the system browser, apart from the entry so they are
// tested without starting anything.
import { spawn } from 'node:child_process';

export const SERVE_USAGE = `Usage: npm run serve -- [--port N] [--open]

Runs Switchboard in your browser: the same app as the desktop window, on http://127.0.0.1 only.
  --port N   listen on port N (default: a free port)
  --open     open the printed address in the system browser
Data: SWITCHBOARD_DATA_DIR, else the platform's data folder.`;

export interface ServeArgs {
  port: number | undefined;
  open: boolean;
  help: boolean;
}

export class ServeUsageError extends Error {
  override name = 'ServeUsageError';
}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const args: ServeArgs = { port: undefined, open: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--open') args.open = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
        throw new ServeUsageError('--port needs a number from 0 to 65535.');
      }
      args.port = Number(value);
    } else throw new ServeUsageError(`Unknown option '${arg}'.`);
  }
  return args;
}

/** The command that opens a URL in the default browser on each OS. */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; the empty string is the window title it would otherwise take from the URL.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Best effort: a missing opener is reported through `onError`, never thrown. */
export function openInBrowser(url: string, onError: (err: Error) => void, platform: NodeJS.Platform = process.platform): void {
  const { command, args } = browserCommand(url, platform);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', onError);
    child.unref();
  } catch (err) {
    onError(err as Error);
  }
}
