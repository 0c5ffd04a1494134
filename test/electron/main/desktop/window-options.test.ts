// The window's web preferences are the security baseline; the menu lists every shortcut.
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, menuTemplate } from '../../../../electron/main/desktop/window-options.ts';
import { shortcuts } from '../../../../electron/shared/shortcuts.ts';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the renderer, with no Node and web security on', () => {
    const prefs = mainWindowOptions('/app/dist/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('menuTemplate', () => {
  it('lists every shortcut under Help as a label without an accelerator', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const help = menuTemplate(shortcuts, platform).find((m) => m.role === 'help');
      const items = (help?.submenu as { submenu: { label: string; enabled: boolean; accelerator?: string }[] }[])[0]!.submenu;
      expect(items.map((i) => i.label)).toEqual(shortcuts.map((s) => `${s.key}\t${s.description}`));
      expect(items.every((i) => i.enabled === false && i.accelerator === undefined)).toBe(true);
    }
    expect(menuTemplate(shortcuts, 'darwin')[0]).toEqual({ role: 'appMenu' });
    expect(menuTemplate(shortcuts, 'linux')[0]).toEqual({ role: 'fileMenu' });
  });

  it('covers the keys the issue asks for', () => {
    const keys = shortcuts.map((s) => s.key).join(' | ');
    for (const k of ['j / k', 'Enter / o', 'Esc / u', 'Shift+I', 'g i', 'g a', 'Cmd/Ctrl+K', '?', '/']) expect(keys).toContain(k);
    for (const k of ['e', 'r', 's', 'x']) expect(shortcuts.some((s) => s.key === k)).toBe(true);
  });
});
