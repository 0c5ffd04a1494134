// Every keyboard shortcut, declared once: the app menu lists them, the renderer's `?` overlay and
// command palette show them. Keys are written as a person reads them, not as Electron accelerators.
export interface Shortcut {
  readonly key: string;
  readonly description: string;
}

export const shortcuts: readonly Shortcut[] = [
  { key: 'j / k', description: 'Next / previous item' },
  { key: 'Enter / o', description: 'Open the selected item' },
  { key: 'Esc / u', description: 'Back to the list' },
  { key: 'e', description: 'Mark done' },
  { key: 'r', description: 'Reply' },
  { key: 's', description: 'Snooze' },
  { key: 'x', description: 'Select' },
  { key: 'Shift+I', description: 'Mark read' },
  { key: '/', description: 'Search' },
  { key: 'g i', description: 'Go to the inbox' },
  { key: 'g a', description: 'Go to next actions' },
  { key: 'Cmd/Ctrl+K', description: 'Command palette' },
  { key: '?', description: 'Show all shortcuts' },
];
