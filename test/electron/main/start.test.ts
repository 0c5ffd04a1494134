// `npm start` without the Electron binary (as on our offline machines): a clear message and exit 1,
// and no download attempt.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../../electron/main/start.ts';
import { repoRoot } from '../../helpers/cli.ts';

describe('npm start', () => {
  it('finds a binary through ELECTRON_OVERRIDE_DIST_PATH, and none where it is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-electron-'));
    try {
      expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBeUndefined();
      fs.writeFileSync(path.join(dir, 'electron'), '');
      const installed = fs.existsSync(path.join(repoRoot, 'node_modules/electron/path.txt'));
      if (!installed) expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBe(path.join(dir, 'electron'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(electronBinary({}) !== undefined)('says to use npm run serve and exits 1 when the binary is missing', () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'electron/main/start.ts')], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The Electron binary is not installed');
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).not.toContain('Downloading');
  });
});
