// The desktop entry: one instance, one window on app://switchboard, the IPC contract over ipcMain,
// change events pushed to the window, the unread badge, and safeStorage for secrets. The app object
// is the same one browser mode (serve.ts) and the CLI build (app.ts); decisions live in desktop/*.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { APP_ORIGIN, APP_SCHEME, EVENT_CHANNEL } from '../shared/desktop.ts';
import { ipcChannels } from '../shared/ipc-contract.ts';
import { shortcuts } from '../shared/shortcuts.ts';
import { createApp, type App } from './app.ts';
import { appProtocolResponse } from './desktop/app-protocol.ts';
import { forwardChanges, keepBadgeInStep } from './desktop/events.ts';
import { isAllowedSender } from './desktop/policy.ts';
import { menuTemplate } from './desktop/window-options.ts';
import { createDispatch } from './ipc/dispatch.ts';
import { defaultDataDir } from './paths.ts';
import { logDestination } from './services/log-file.ts';
import { createLogger } from './services/logger.ts';
import { SafeStorageSecretStore } from './services/secrets-electron.ts';
import { countUnread } from './store/badge.ts';
import { createMainWindow, hardenContents } from './windows.ts';

// A small young generation keeps a full sync inside the main-process memory budget at no cost in
// speed: measured by `npm run bench` (test/bench/run.ts runs with the same flag; README "Budgets").
app.commandLine.appendSwitch('js-flags', '--max-semi-space-size=4');
// Must happen before `ready`. standard + secure: 'self' in the CSP and fetch() work on app://.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const repoRoot = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = path.join(repoRoot, 'dist', 'renderer');
/** The sandboxed preload must be one bundled CJS file (toolchain.md §5). */
const PRELOAD = path.join(repoRoot, 'dist', 'preload', 'index.cjs');

let sb: App | undefined;
let closed = false;

function mainWindow(): BrowserWindow | undefined {
  return BrowserWindow.getAllWindows()[0];
}

function registerIpc(target: App): void {
  const dispatch = createDispatch(target);
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const url = event.senderFrame?.url;
      if (!isAllowedSender(url, APP_ORIGIN)) {
        target.log.warn({ channel, url }, 'IPC call from a frame outside the app refused');
        throw new Error('This frame may not call Switchboard.');
      }
      return dispatch(channel, input);
    });
  }
}

function openWindow(log: App['log']): BrowserWindow {
  return createMainWindow(PRELOAD, `${APP_ORIGIN}/index.html`, log);
}

async function main(): Promise<void> {
  await app.whenReady();
  const dataDir = defaultDataDir();
  const log = createLogger({ level: 'info', destination: logDestination(dataDir) });
  const secrets = SafeStorageSecretStore.open(dataDir, safeStorage);
  sb = await createApp({ dataDir, log, secrets });
  const target = sb;

  // Deny every permission (camera, notifications from pages, clipboard reads, …): the UI needs none.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(RENDERER_DIR, request));
  registerIpc(target);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(shortcuts, process.platform)));

  forwardChanges(
    target.bus,
    (event) => {
      for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
    },
    log,
  );
  keepBadgeInStep(target.bus, { count: () => countUnread(target.db), set: (n) => app.setBadgeCount(n), log });

  const win = openWindow(log);
  if (secrets.warning) {
    log.warn({ backend: secrets.backend }, secrets.warning);
    void dialog.showMessageBox(win, { type: 'warning', message: 'Passwords are kept for this session only', detail: secrets.warning });
  }
  target.orchestrator.start();
  target.outbox.start();
  app.on('activate', () => {
    if (!mainWindow()) openWindow(log);
  });
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents, sb?.log ?? console));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = mainWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Close the cache and stop sync/outbox cleanly before the process goes.
  app.on('will-quit', (event) => {
    if (closed || !sb) return;
    event.preventDefault();
    const target = sb;
    sb = undefined;
    void target
      .close()
      .catch((err: unknown) => console.error('Switchboard could not close cleanly:', err))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  main().catch((err: unknown) => {
    dialog.showErrorBox('Switchboard could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
