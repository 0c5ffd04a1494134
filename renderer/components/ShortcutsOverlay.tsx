// The `?` overlay: every shortcut with its key.
import { useEffect, useRef } from 'react';

export const SHORTCUTS: ReadonlyArray<readonly [keys: string, what: string]> = [
  ['j / k', 'Next / previous item'],
  ['Enter / o', 'Open the selected item'],
  ['Esc / u', 'Back to the list'],
  ['/', 'Search'],
  ['?', 'Show or hide this list'],
];

export function ShortcutsOverlay({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="overlay" role="presentation" onClick={onClose}>
      <div
        className="overlay-card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        tabIndex={-1}
        ref={ref}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys} className="shortcut">
              <dt>
                {keys.split(' / ').map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="overlay-hint">
          Press <kbd>Esc</kbd> or <kbd>?</kbd> to close.
        </p>
      </div>
    </div>
  );
}
