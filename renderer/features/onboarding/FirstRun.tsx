// First run: no accounts yet. The demo workspace is one click (or Enter) away.
import { useEffect, useRef } from 'react';
import { useStore } from '../../state/store.ts';

export function FirstRun() {
  const demo = useStore((s) => s.accounts.demo);
  const error = useStore((s) => s.accounts.demoError);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  const busy = demo === 'adding' || demo === 'syncing';

  return (
    <main className="first-run" aria-labelledby="first-run-title">
      <div className="first-run-card">
        <h1 id="first-run-title">Welcome to Switchboard</h1>
        <p>Your chats, mail and notes in one keyboard-first inbox. Nothing is connected yet.</p>
        <button ref={button} type="button" className="primary" disabled={busy} onClick={() => void useStore.getState().exploreDemo()}>
          {demo === 'adding' ? 'Creating the demo workspace…' : demo === 'syncing' ? 'Loading demo items…' : 'Explore the demo workspace'}
        </button>
        <p className="first-run-note">
          The demo is made-up people and messages across Gmail, Slack, Teams, WhatsApp and OneNote. Adding real accounts comes next.
        </p>
        {demo === 'failed' && error && (
          <p className="first-run-error" role="alert">
            The demo could not be set up: {error}
          </p>
        )}
      </div>
    </main>
  );
}
