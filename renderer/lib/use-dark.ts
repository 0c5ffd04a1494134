// Follows the OS theme (prefers-color-scheme), for the few places CSS cannot reach (the mail frame).
import { useSyncExternalStore } from 'react';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  const media = query();
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, () => query().matches);
}
