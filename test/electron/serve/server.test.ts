// Browser mode over a real server and a synced demo account: calls and events over the WebSocket,
// and the gates (token, Origin, Host, paths, loopback only).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../electron/main/serve/index.ts';
import type { IpcResult } from '../../../electron/shared/ipc-contract.ts';
import { demoApp, recentAnchor, type DemoApp } from '../ipc/demo-app.ts';
import { connect, get, Rpc } from './client.ts';

let demo: DemoApp;
let server: RunningServer;
let staticRoot: string;
let origin: string;

beforeAll(async () => {
  demo = await demoApp('serve');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-static-'));
  staticRoot = path.join(base, 'dist');
  fs.mkdirSync(path.join(staticRoot, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticRoot, 'index.html'), '<!doctype html><title>Switchboard</title>');
  fs.writeFileSync(path.join(staticRoot, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(staticRoot, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the root');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(staticRoot, 'link.txt'));
  server = await startServer({ app: demo.app, staticDir: staticRoot });
  origin = `http://127.0.0.1:${server.port}`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await demo?.dispose();
  if (staticRoot) fs.rmSync(path.dirname(staticRoot), { recursive: true, force: true });
});

async function client(): Promise<Rpc> {
  const conn = await connect(server.port, { token: server.token, origin });
  if (!conn.ws) throw new Error(`refused with ${conn.status}`);
  return new Rpc(conn.ws);
}

function ok<T>(result: IpcResult): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.result as T;
}

describe('browser-mode server: calls and events', () => {
  it('prints a loopback URL with a fresh 256-bit token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('answers inbox.list, search.query, items.get and actions.list over the WebSocket', async () => {
    const rpc = await client();
    const inbox = ok<{ items: { id: number; kind: string }[] }>(await rpc.call('inbox.list', { limit: 20 }));
    expect(inbox.items).toHaveLength(20);
    const found = ok<{ items: unknown[] }>(await rpc.call('search.query', { q: 'kind:message', limit: 5 }));
    expect(found.items).toHaveLength(5);
    const bad = await rpc.call('search.query', { q: 'from:' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-query', column: expect.any(Number) } });
    const detail = ok<{ id: number; item: { kind: string } }>(await rpc.call('items.get', { id: inbox.items[0]!.id }));
    expect(detail).toMatchObject({ id: inbox.items[0]!.id, item: { kind: inbox.items[0]!.kind } });
    const actions = ok<{ reason: string }[]>(await rpc.call('actions.list', { limit: 10 }));
    expect(actions.length).toBeGreaterThan(0);
    expect(await rpc.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    rpc.close();
  });

  it('pushes change events while an account added over the socket syncs', async () => {
    const rpc = await client();
    const added = ok<{ id: string }>(
      await rpc.call('accounts.add', { connector: 'demo', name: 'Second', settings: { size: 300, seed: 2, anchor: recentAnchor(), clock: 'anchor' } }),
    );
    const reports = ok<{ ok: boolean; upserted: number }[]>(await rpc.call('sync.run', { accountId: added.id }));
    expect(reports).toEqual([expect.objectContaining({ ok: true, upserted: 300 })]);
    await rpc.until(() => rpc.events.some((e) => e.type === 'account-health' && e.accountId === added.id));
    const types = new Set(rpc.events.map((e) => e.type));
    expect(types).toEqual(new Set(['accounts-changed', 'items-changed', 'sync-progress', 'account-health']));
    const changed = rpc.events.flatMap((e) => (e.type === 'items-changed' && e.accountId === added.id ? e.ids : []));
    expect(new Set(changed).size).toBe(300);
    rpc.close();
  });

  it('answers junk with error frames and keeps the connection usable', async () => {
    const rpc = await client();
    rpc.ws.send('{not json');
    rpc.ws.send(JSON.stringify({ channel: 'inbox.list' })); // no id
    rpc.ws.send(JSON.stringify({ id: 7, channel: 'inbox.list', input: { limit: -1 } }));
    rpc.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    rpc.ws.send(JSON.stringify({ id: 8, channel: 'search.query', input: { q: 'x'.repeat(1024 * 1024 + 10) } }));
    await rpc.until(() => rpc.frames.length >= 5);
    // Calls answer asynchronously, refusals at once: compare without order.
    expect(rpc.frames).toHaveLength(5);
    expect(rpc.frames).toEqual(expect.arrayContaining([
      { id: null, ok: false, error: expect.objectContaining({ code: 'bad-request', message: 'The frame is not JSON.' }) },
      { id: null, ok: false, error: expect.objectContaining({ code: 'bad-request' }) },
      { id: 7, ok: false, error: expect.objectContaining({ code: 'bad-request' }) },
      { id: null, ok: false, error: expect.objectContaining({ code: 'bad-request' }) },
      { id: null, ok: false, error: expect.objectContaining({ code: 'too-large' }) },
    ]));
    expect(rpc.frames.filter((f) => (f as { id: unknown }).id === null)).toHaveLength(4);
    expect(ok<{ items: unknown[] }>(await rpc.call('inbox.list', { limit: 1 })).items).toHaveLength(1);
    rpc.close();
  });

  it('closes the socket on a frame far beyond the limit, and the server keeps serving', async () => {
    const rpc = await client();
    const closed = new Promise<number>((resolve) => rpc.ws.once('close', (code) => resolve(code)));
    rpc.ws.send('x'.repeat(5 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await client();
    expect(ok<{ items: unknown[] }>(await again.call('inbox.list', { limit: 1 })).items).toHaveLength(1);
    again.close();
  });
});

describe('browser-mode server: who may connect', () => {
  it('accepts the localhost spelling of its own Host and Origin', async () => {
    const conn = await connect(server.port, { token: server.token, origin: `http://localhost:${server.port}`, host: `localhost:${server.port}` });
    expect(conn.ws).toBeDefined();
    conn.ws?.close();
  });

  it('refuses a WebSocket without the token or with a wrong one (401)', async () => {
    expect((await connect(server.port, { origin })).status).toBe(401);
    expect((await connect(server.port, { token: '', origin })).status).toBe(401);
    expect((await connect(server.port, { token: `${server.token}x`, origin })).status).toBe(401);
    expect((await connect(server.port, { token: server.token.slice(0, -1), origin })).status).toBe(401);
  });

  it('refuses a foreign, missing or look-alike Origin (403), even with the token', async () => {
    for (const bad of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'null',
      `http://127.0.0.1:${server.port}.evil.example`]) {
      expect((await connect(server.port, { token: server.token, origin: bad })).status, bad).toBe(403);
    }
    expect((await connect(server.port, { token: server.token })).status).toBe(403);
  });

  it('refuses a bad Host header, as after DNS rebinding (403 on the socket, 421 on HTTP)', async () => {
    expect((await connect(server.port, { token: server.token, origin, host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/', { Host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get(server.port, '/', { Host: '127.0.0.1' })).status).toBe(421);
  });

  it('answers only on 127.0.0.1', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of ['::1', ...others]) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: address, port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
  });
});

describe('browser-mode server: static files', () => {
  it('serves the renderer with a strict CSP and no sniffing or referrers', async () => {
    const page = await get(server.port, '/?token=abc');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Switchboard</title>');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Inline styles are allowed (mail HTML in the sandboxed frame needs them); inline script never is.
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).not.toMatch(/default-src[^;]*unsafe/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(server.port, '/assets/app.js')).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses path traversal, dotfiles, symlinks out of the root and unknown paths', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fsecret.txt', '/..%5c..%5csecret.txt', '/%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt', '/link.txt', '/.env', '/%00index.html', '/nope.js', '/ipc', '/api/anything']) {
      const res = await get(server.port, p);
      expect([400, 403, 404], p).toContain(res.status);
      expect(res.body, p).not.toContain('outside the root');
      expect(res.body, p).not.toContain('SECRET');
    }
  });

  it('answers 500, not a crash, when the static root disappears', async () => {
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-gone-'));
    const temp = await startServer({ app: demo.app, staticDir: gone });
    try {
      fs.rmSync(gone, { recursive: true });
      expect((await get(temp.port, '/index.html')).status).toBe(500);
      expect((await get(temp.port, '/index.html')).status).toBe(500);
    } finally {
      await temp.close();
    }
  });

  it('without a static dir, everything but the socket is 404', async () => {
    const bare = await startServer({ app: demo.app });
    try {
      expect((await get(bare.port, '/')).status).toBe(404);
      expect((await get(bare.port, '/index.html')).status).toBe(404);
      const conn = await connect(bare.port, { token: bare.token, origin: `http://127.0.0.1:${bare.port}` });
      expect(conn.ws).toBeDefined();
      conn.ws?.close();
      // Each launch has its own token.
      expect(bare.token).not.toBe(server.token);
      expect((await connect(bare.port, { token: server.token, origin: `http://127.0.0.1:${bare.port}` })).status).toBe(401);
    } finally {
      await bare.close();
    }
  });
});
