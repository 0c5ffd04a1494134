// `npm run serve` end to end: the real entry in a child process prints its URL, a WebSocket with the
// token and our Origin calls the contract, and SIGINT shuts it down with exit code 0.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.ts';
import { connect, get, Rpc } from './client.ts';

const entry = path.join(repoRoot, 'electron/main/serve.ts');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function startServe(args: string[] = []) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-serve-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--max-semi-space-size=4', entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const url = new Promise<URL>((resolve, reject) => {
    const check = () => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stdout);
      if (match) resolve(new URL(match[1] as string));
    };
    child.stdout.on('data', check);
    void exited.then(({ code }) => reject(new Error(`serve exited (${code}) before printing its URL:\n${stderr}`)));
  });
  return { child, dataDir, url, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run serve', () => {
  it('prints a tokened loopback URL, answers accounts.list over the WebSocket, and exits 0 on SIGINT', async () => {
    const serve = startServe();
    const url = await serve.url;
    const port = Number(url.port);
    const token = url.searchParams.get('token') as string;
    expect(token.length).toBeGreaterThanOrEqual(40);

    const refused = await connect(port, { origin: url.origin });
    expect(refused.status).toBe(401);
    const { ws } = await connect(port, { token, origin: url.origin });
    expect(ws).toBeDefined();
    const rpc = new Rpc(ws!);
    const answer = await rpc.call('accounts.list');
    expect(answer).toEqual({ id: 1, ok: true, result: [] });
    const connectors = (await rpc.call('connectors.list')) as { ok: true; result: { id: string }[] };
    expect(connectors.result.map((c) => c.id)).toContain('demo');

    // The built UI when there is one (with the CSP); without a build, 404 and a hint on stderr.
    const page = await get(port, '/', { Host: url.host });
    if (fs.existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) {
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    } else {
      expect(page.status).toBe(404);
      expect(serve.output().stderr).toContain('run npm run build:renderer first');
    }
    // The data dir from the environment holds the cache and the log file.
    expect(fs.existsSync(path.join(serve.dataDir, 'switchboard.db'))).toBe(true);
    expect(fs.existsSync(path.join(serve.dataDir, 'logs', 'switchboard.log'))).toBe(true);

    const closed = new Promise<number>((resolve) => ws!.once('close', (code) => resolve(code)));
    serve.child.kill('SIGINT');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    await closed;
  });

  it('refuses a bad --port with the usage and exit 2', async () => {
    const serve = startServe(['--port', 'eighty']);
    await serve.url.catch(() => undefined);
    expect((await serve.exited).code).toBe(2);
    expect(serve.output().stderr).toContain('--port needs a number');
    expect(serve.output().stderr).toContain('Usage: npm run serve');
  });

  it('reports a port in use and exits 1 instead of crashing', async () => {
    const first = startServe();
    const port = Number((await first.url).port);
    const second = startServe(['--port', String(port)]);
    await second.url.catch(() => undefined);
    expect((await second.exited).code).toBe(1);
    expect(second.output().stderr).toContain(`port ${port} is already in use`);
    expect(second.output().stderr).not.toMatch(/\n\s+at /);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });
});
