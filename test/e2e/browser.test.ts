// End to end in browser mode: the built renderer, served by startServer over a real app with the demo
// workspace, driven from the keyboard in Debian Chromium (playwright-core; toolchain.md §7).
// Screenshots land in test-results/e2e/<name>.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../electron/main/app.ts';
import { startServer, type RunningServer } from '../../electron/main/serve/server.ts';
import { silentLogger } from '../../electron/main/services/logger.ts';
import { MemorySecretStore } from '../../electron/main/services/secrets.ts';
import { connect } from '../electron/serve/client.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, 'test-results', 'e2e');
// In CI a missing browser is a failure (launch throws), never a silent skip.
const skip = !fs.existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`e2e: skipped, ${CHROMIUM} is missing (apt-get install chromium; CI installs it)`);

const HOSTILE_SUBJECT = 'Action required: verify your mailbox';
const XSS_FLAG = '__switchboardXss';

describe.skipIf(skip)('browser mode end to end', () => {
  let dataDir: string;
  let app: App;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-'));
    // Built into a folder of its own, so tests that look at dist/renderer never see it half-written.
    const staticDir = path.join(dataDir, 'renderer');
    await build({
      configFile: path.join(repoRoot, 'vite.config.mts'),
      root: path.join(repoRoot, 'renderer'),
      logLevel: 'error',
      build: { outDir: staticDir, emptyOutDir: true },
    });
    app = await createApp({ dataDir, log: silentLogger(), secrets: new MemorySecretStore() });
    server = await startServer({ app, staticDir });
    app.orchestrator.start();
    app.outbox.start();
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu', '--disable-quic'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Any script that runs in any frame (including a mail body) trips this flag before it can alert.
    await context.addInitScript(`(() => {
      const mark = () => { window.${XSS_FLAG} = true; };
      const orig = window.alert;
      window.alert = (...a) => { mark(); return orig.apply(window, a); };
    })()`);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await page.locator('body[data-ready="1"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const rows = () => page.locator('[role="listbox"] [role="option"]');
  const title = () => page.locator('.reading-title');
  const searchFocused = () => page.locator('input[type="search"]:focus').count();
  const foreign = (list: string[]) =>
    list.filter((u) => !u.startsWith(`http://127.0.0.1:${server.port}/`) && !/^(data|about|blob):/.test(u));

  /** Types a query into the search box from the keyboard and waits for its answer. */
  async function search(q: string) {
    if (await title().count()) await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await expect.poll(searchFocused).toBe(1);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(q);
    await page.locator('.search-status:not(:has(.search-pending))').waitFor();
  }

  /** Searches, then opens the first result from the keyboard. */
  async function openFirst(q: string, expectedTitle?: RegExp | string) {
    await search(q);
    await page.locator('[role="listbox"][aria-label="Search results"] [role="option"]').first().waitFor();
    await page.keyboard.press('Enter'); // leaves the field for the results
    await page.keyboard.press('Enter'); // opens the selected row
    await title().waitFor();
    if (expectedTitle) await expect.poll(() => title().textContent()).toMatch(expectedTitle);
  }

  it('first run: the demo from the keyboard, then j/k, Enter, Esc and /', async () => {
    const demo = page.getByRole('button', { name: 'Explore the demo workspace' });
    await demo.waitFor();
    await shot('first-run');
    // The button takes focus itself; Tab must still land on it if it did not.
    const demoFocused = () => page.locator('.first-run button:focus').count();
    for (let i = 0; i < 10 && (await demoFocused()) === 0; i++) await page.keyboard.press('Tab');
    await expect.poll(demoFocused).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBeGreaterThan(5);
    await page.locator('body[data-ready="1"]').waitFor();
    await shot('inbox');

    const selectedId = () => page.locator('[role="option"][aria-selected="true"]').getAttribute('id');
    const first = await selectedId();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(selectedId).not.toBe(first);
    const chosen = await page.locator('[role="option"][aria-selected="true"]').getAttribute('aria-label');
    await page.keyboard.press('Enter');
    await title().waitFor();
    // The row that was selected is the one shown as open.
    expect(await page.locator('[role="option"].row-open').getAttribute('aria-label')).toBe(chosen);
    await shot('reading');

    await page.keyboard.press('Escape');
    await expect.poll(() => title().count()).toBe(0);
    await page.keyboard.press('/');
    await expect.poll(searchFocused).toBe(1);
  });

  it('search with operators: kind:note lists notes only; a broken query shows its column', async () => {
    await search('kind:note');
    const results = page.locator('[role="listbox"][aria-label="Search results"] [role="option"]');
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    const labels = await results.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    for (const l of labels) expect(l).toMatch(/^(Unread )?Note from /);
    await shot('search-kind-note');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('(from:');
    const error = page.locator('#search-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Column \d+: /);
    expect(await page.locator('.search-input').getAttribute('aria-invalid')).toBe('true');
    await shot('search-error');
    await page.keyboard.press('Escape');
  });

  it('hostile mail: no script runs, no dialog, no request leaves 127.0.0.1', async () => {
    const before = requests.length;
    await openFirst(`subject:"${HOSTILE_SUBJECT}"`, HOSTILE_SUBJECT);
    await page.locator('iframe.mail-frame').waitFor();
    await page.waitForTimeout(500); // gives onload/onerror handlers their chance to fire
    await shot('hostile');

    expect(dialogs).toEqual([]);
    for (const frame of page.frames()) {
      const flagged = await frame.evaluate((name) => (globalThis as Record<string, unknown>)[name] === true, XSS_FLAG).catch(() => false);
      expect(flagged, `script ran in frame ${frame.url()}`).toBe(false);
    }
    expect(foreign(requests.slice(before))).toEqual([]);
    expect(foreign(requests)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('remote images load only after the user allows them', async () => {
    await openFirst('kind:email from:noreply');
    const allow = page.getByRole('button', { name: 'Load remote images' });
    await allow.waitFor();
    await page.waitForTimeout(300);
    const remote = () => requests.filter((u) => u.startsWith('https://news.example.org/'));
    expect(remote()).toEqual([]);
    await shot('remote-blocked');

    await allow.click();
    await expect.poll(remote, { timeout: 10_000 }).not.toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('the IPC WebSocket refuses a missing token and a foreign Origin', async () => {
    const ws = `ws://127.0.0.1:${server.port}/ipc`;
    const outcome = (url: string) =>
      page.evaluate(
        (u) =>
          new Promise<string>((resolve) => {
            const s = new WebSocket(u);
            s.onopen = () => {
              s.close();
              resolve('open');
            };
            s.onerror = () => resolve('error');
            s.onclose = () => resolve('closed');
          }),
        url,
      );
    expect(await outcome(ws)).not.toBe('open');
    expect(await outcome(`${ws}?token=wrong${server.token.slice(5)}`)).not.toBe('open');
    // The control: the same page with the token gets in, so the refusals above are the token's doing.
    expect(await outcome(`${ws}?token=${encodeURIComponent(server.token)}`)).toBe('open');

    const evil = await connect(server.port, { token: server.token, origin: 'http://evil.example' });
    expect(evil.ws).toBeUndefined();
    expect(evil.status).toBe(403);
    // An opaque-origin page (Origin: null) in the real browser, with the right token, is refused too.
    const other = await context.newPage();
    await other.goto('data:text/html,<p>elsewhere</p>');
    const fromNull = await other.evaluate(
      (u) =>
        new Promise<string>((resolve) => {
          const s = new WebSocket(u);
          s.onopen = () => resolve('open');
          s.onerror = () => resolve('error');
        }),
      `${ws}?token=${encodeURIComponent(server.token)}`,
    );
    expect(fromNull).not.toBe('open');
    await other.close();
  });
});
