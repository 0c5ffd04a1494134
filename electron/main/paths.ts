// Where Switchboard keeps its data on each OS. SWITCHBOARD_DATA_DIR overrides (tests, portable installs).
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SWITCHBOARD_DATA_DIR) return path.resolve(env.SWITCHBOARD_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Switchboard');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Switchboard');
  // XDG Base Directory: data that should survive, not cache (the cache is the only copy of sync state).
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'switchboard');
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'switchboard.db');
}
