// Where logs go: a file in the data dir (so a CLI run or the app leaves a trail to debug a connector
// without flooding the terminal), optionally mirrored to stderr.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';

export function logFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'switchboard.log');
}

export function logDestination(dataDir: string, options: { mirrorToStderr?: boolean } = {}): pino.DestinationStream {
  const file = logFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // sync: a CLI process exits right after its command; buffered lines would be lost.
  const toFile = pino.destination({ dest: file, sync: true, mode: 0o600 });
  if (!options.mirrorToStderr) return toFile;
  return pino.multistream([{ stream: toFile }, { stream: process.stderr }]);
}
