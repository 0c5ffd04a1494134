// The app's keys, attached once to the window. Plain letters act only when focus is not in a text
// field; Esc always works. `document.body.dataset.ready` tells e2e tests the keys are live.
import { useEffect, type RefObject } from 'react';
import { useStore } from '../../state/store.ts';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

export function useKeyboard(searchRef: RefObject<HTMLInputElement | null>, overlay: { open: boolean; toggle(): void; close(): void }): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const store = useStore.getState();
      if (overlay.open) {
        if (e.key === 'Escape' || e.key === '?') {
          overlay.close();
          e.preventDefault();
        }
        return;
      }
      if (typing(e.target)) return;
      // Buttons keep Enter for themselves (the first-run button, filters).
      if (e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return;
      let handled = true;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          store.move(1);
          break;
        case 'k':
        case 'ArrowUp':
          store.move(-1);
          break;
        case 'Enter':
        case 'o':
          void store.open();
          break;
        case 'Escape':
        case 'u':
          if (store.selection.openId !== null) store.close();
          else if (store.search.query) store.clearSearch();
          else handled = false;
          break;
        case '/':
          searchRef.current?.focus();
          searchRef.current?.select();
          break;
        case '?':
          overlay.toggle();
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.body.dataset.ready = '1';
    return () => {
      window.removeEventListener('keydown', onKey);
      delete document.body.dataset.ready;
    };
  }, [searchRef, overlay]);
}
