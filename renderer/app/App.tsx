// The window: sidebar | unified inbox | reading pane, with the search bar on top. First run (no
// accounts) shows the welcome screen instead.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ShortcutsOverlay } from '../components/ShortcutsOverlay.tsx';
import { Sidebar } from '../features/accounts/Sidebar.tsx';
import { ReadingPane } from '../features/conversation/ReadingPane.tsx';
import { InboxList } from '../features/inbox/InboxList.tsx';
import { useKeyboard } from '../features/keyboard/useKeyboard.ts';
import { FirstRun } from '../features/onboarding/FirstRun.tsx';
import { SearchBox } from '../features/search/SearchBox.tsx';
import { connectStore, useStore } from '../state/store.ts';

export function App() {
  const searchRef = useRef<HTMLInputElement>(null);
  const [overlayOpen, setOverlayOpen] = useState(false);
  const overlay = useMemo(
    () => ({ open: overlayOpen, toggle: () => setOverlayOpen((o) => !o), close: () => setOverlayOpen(false) }),
    [overlayOpen],
  );
  useEffect(() => connectStore(), []);
  useKeyboard(searchRef, overlay);

  const accountsLoaded = useStore((s) => s.accounts.loaded);
  const hasAccounts = useStore((s) => s.accounts.list.length > 0);

  let body;
  if (!accountsLoaded) body = <div className="app-loading" aria-busy="true" />;
  else if (!hasAccounts) body = <FirstRun />;
  else {
    body = (
      <div className="shell">
        <Sidebar />
        <div className="workspace">
          <header className="topbar">
            <SearchBox ref={searchRef} />
            <button type="button" className="icon-button" aria-label="Keyboard shortcuts" onClick={overlay.toggle}>
              ?
            </button>
          </header>
          <div className="panes">
            <InboxList />
            <ReadingPane />
          </div>
        </div>
      </div>
    );
  }
  return (
    <>
      {body}
      {overlayOpen && <ShortcutsOverlay onClose={overlay.close} />}
    </>
  );
}
