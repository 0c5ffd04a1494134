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
import { onConnection, type ConnectionState } from '../bridge.ts';
import { connectStore, useStore } from '../state/store.ts';

export function App() {
  const searchRef = useRef<HTMLInputElement>(null);
  const [overlayOpen, setOverlayOpen] = useState(false);
  const overlay = useMemo(
    () => ({ open: overlayOpen, toggle: () => setOverlayOpen((o) => !o), close: () => setOverlayOpen(false) }),
    [overlayOpen],
  );
  // Down since the last drop (reconnect attempts in between do not count as up).
  const [down, setDown] = useState(false);
  useEffect(() => connectStore(), []);
  useEffect(() => onConnection((state: ConnectionState) => (state === 'open' ? setDown(false) : state === 'closed' && setDown(true))), []);
  useKeyboard(searchRef, overlay);

  const accountsLoaded = useStore((s) => s.accounts.loaded);
  const hasAccounts = useStore((s) => s.accounts.list.length > 0);
  const accountsError = useStore((s) => s.accounts.error);

  let body;
  if (!accountsLoaded && down) {
    body = (
      <main className="first-run" role="alert">
        <div className="first-run-card">
          <h1>Cannot reach Switchboard</h1>
          <p>
            Retrying… In a browser, open the exact address <code>npm run serve</code> printed: it carries this launch&apos;s access token.
          </p>
        </div>
      </main>
    );
  } else if (!accountsLoaded) body = <div className="app-loading" aria-busy="true" />;
  else if (!hasAccounts && accountsError) body = <main className="first-run" role="alert"><p>Could not load the accounts: {accountsError}</p></main>;
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
