// Main → window: the store's change events as contract events, and the unread badge kept in step.
// No Electron here: index.ts passes webContents.send and app.setBadgeCount in.
import { IpcEvent } from '../../shared/ipc-events.ts';
import type { Logger } from '../../../connectors/contract/runtime.ts';
import { toIpcEvent } from '../ipc/events.ts';
import type { ChangeBus, ChangeEvent } from '../store/changes.ts';

/** Forwards every change, parsed against the contract. Returns the unsubscribe. */
export function forwardChanges(bus: ChangeBus, send: (event: IpcEvent) => void, log: Pick<Logger, 'error'>): () => void {
  return bus.on((change) => {
    // A listener that throws would break the store writer that emitted: never let it.
    try {
      send(IpcEvent.parse(toIpcEvent(change)));
    } catch (err) {
      log.error({ err, kind: change.kind }, 'could not forward a change event to the window');
    }
  });
}

export interface BadgeOptions {
  count: () => number;
  set: (count: number) => void;
  /** Runs the update later; a burst of sync batches then costs one count. Default: 500 ms timer. */
  defer?: (run: () => void) => void;
  log: Pick<Logger, 'warn'>;
}

const AFFECTS_UNREAD: ReadonlySet<ChangeEvent['kind']> = new Set(['items', 'items-removed', 'accounts']);

/** Sets the badge now, then again after changes that can move the unread count. Returns the unsubscribe. */
export function keepBadgeInStep(bus: ChangeBus, opts: BadgeOptions): () => void {
  const defer = opts.defer ?? ((run) => void setTimeout(run, 500).unref());
  let pending = false;
  let stopped = false;
  const update = () => {
    pending = false;
    if (stopped) return;
    try {
      opts.set(opts.count());
    } catch (err) {
      opts.log.warn({ err }, 'could not update the unread badge');
    }
  };
  update();
  const off = bus.on((change) => {
    if (!AFFECTS_UNREAD.has(change.kind) || pending) return;
    pending = true;
    defer(update);
  });
  return () => {
    stopped = true;
    off();
  };
}
