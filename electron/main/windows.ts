// The main window and the rules every web contents lives by: no navigation, no new windows, no
// webviews; links leave for the system browser only as parsed http(s) URLs.
import { BrowserWindow, shell, type WebContents } from 'electron';
import type { Logger } from '../../connectors/contract/runtime.ts';
import { APP_ORIGIN } from '../shared/desktop.ts';
import { externalUrlToOpen, frameNavigationAllowed } from './desktop/policy.ts';
import { mainWindowOptions } from './desktop/window-options.ts';

export function hardenContents(contents: WebContents, log: Pick<Logger, 'warn'>): void {
  // The UI is one page: any main-frame navigation is a link or a script trying to leave it.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternally(event.url, log);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!frameNavigationAllowed({ url: event.url, isMainFrame: event.isMainFrame }, APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, log);
    return { action: 'deny' };
  });
}

function openExternally(url: string, log: Pick<Logger, 'warn'>): void {
  const decision = externalUrlToOpen(url);
  // mailto: is not given to the OS mail client: the renderer's composer takes it over, wired with the
  // renderer increment; until then the click does nothing.
  if (decision.action !== 'open') return;
  shell.openExternal(decision.url).catch((err: unknown) => log.warn({ err }, 'could not open a link in the system browser'));
}

export function createMainWindow(preloadPath: string, url: string, log: Pick<Logger, 'warn'>): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  win.loadURL(url).catch((err: unknown) => log.warn({ err, url }, 'the window could not load the UI'));
  return win;
}
