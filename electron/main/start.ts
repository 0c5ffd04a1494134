// `npm start`: launches the desktop app with the Electron binary from node_modules. Offline installs
// (our build machines) have the electron package without its binary; say so and point at browser mode.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Where `require('electron')` would point, found without requiring it: when the binary is missing,
 * requiring the package starts a download, which hangs and fails offline.
 */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH; // honoured by the electron package as well
  const binary = override ? path.join(override, relative || 'electron') : relative ? path.join(pkgDir, 'dist', relative) : undefined;
  return binary && fs.existsSync(binary) ? binary : undefined;
}

function main(): void {
  const binary = electronBinary();
  if (!binary) {
    process.stderr.write(
      'The Electron binary is not installed (it is downloaded by `npm install`, which had no network access here).\n' +
        'Run `npm run serve` for the same app in your browser, or install Electron 45.4.1 and set\n' +
        'ELECTRON_OVERRIDE_DIST_PATH to its folder.\n',
    );
    process.exitCode = 1;
    return;
  }
  const preload = path.join(repoRoot, 'dist', 'preload', 'index.cjs');
  if (!fs.existsSync(preload)) {
    process.stderr.write(`The preload bundle ${path.relative(repoRoot, preload)} is missing: the desktop build has to produce it first.\n`);
    process.exitCode = 1;
    return;
  }
  const child = spawn(binary, [path.join(repoRoot, 'electron', 'main', 'index.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('error', (err) => {
    process.stderr.write(`Could not start Electron: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

if (import.meta.main) main();
