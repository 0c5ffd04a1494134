// BrowserWindow and menu settings as plain data (type-only Electron imports), so tests can check them.
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import type { Shortcut } from '../../shared/shortcuts.ts';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false, // shown on ready-to-show: no white flash before the first paint
    title: 'Switchboard',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  };
}

/**
 * The app menu. The shortcuts are listed under Help as plain labels, not accelerators: a menu
 * accelerator for a bare letter (j, r, /) would swallow that key in every text field, and the
 * renderer already owns the keys.
 */
export function menuTemplate(list: readonly Shortcut[], platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const shortcutItems: MenuItemConstructorOptions[] = list.map((s) => ({ label: `${s.key}\t${s.description}`, enabled: false }));
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Keyboard Shortcuts', submenu: shortcutItems }] },
  ];
}
