// app://switchboard serves the built UI with the same CSP as browser mode and refuses everything else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse } from '../../../../electron/main/desktop/app-protocol.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-app-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Switchboard</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the root');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => appProtocolResponse(root, { url, method });

describe('appProtocolResponse', () => {
  it('serves index.html at / with a CSP that allows no WebSocket and no inline script', async () => {
    const res = await get('app://switchboard/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Switchboard</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('ws:');
    // Inline styles are allowed (mail HTML in the sandboxed frame needs them); inline script never is.
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).not.toMatch(/default-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their type, and HEAD without a body', async () => {
    const res = await get('app://switchboard/assets/app.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
    const head = await get('app://switchboard/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['app://switchboard/%2e%2e/secret.txt', 404], // URL parsing resolves it to /secret.txt inside the root
    ['app://switchboard/assets/..%2f..%2fsecret.txt', 403],
    ['app://switchboard/assets/%5c..%5csecret.txt', 403],
    ['app://switchboard/index.html%00.js', 403],
    ['app://switchboard/assets/link.txt', 403],
    ['app://switchboard/%E0%A4%A', 400],
    ['app://switchboard/.env', 404],
    ['app://switchboard/missing.js', 404],
    ['app://switchboard/assets', 404],
    ['app://other-host/index.html', 404],
    ['https://switchboard/index.html', 404],
  ])('%s → %i', async (url, status) => {
    const res = await get(url);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toContain('outside the root');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses writes and answers 404 when the build folder is missing', async () => {
    expect((await get('app://switchboard/', 'POST')).status).toBe(405);
    expect((await appProtocolResponse(path.join(base, 'nope'), { url: 'app://switchboard/', method: 'GET' })).status).toBe(404);
  });
});
