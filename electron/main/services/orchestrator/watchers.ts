// Push watchers (IMAP IDLE, Slack Socket Mode, …): a connector's watch() reports changed streams,
// which are merged over a short window into one sync request for the account.
import type { Logger } from '../../../../connectors/contract/runtime.ts';
import type { ConnectorHost } from '../connector-host.ts';

export interface WatchersDeps {
  host: ConnectorHost;
  log: Logger;
  debounceMs: number;
  onChange: (accountId: string, streams: string[]) => void;
}

interface Watch {
  stop?: () => Promise<void>;
  starting: Promise<void>;
  pending: Set<string>;
  timer?: NodeJS.Timeout;
}

export class Watchers {
  readonly #deps: WatchersDeps;
  readonly #watches = new Map<string, Watch>();

  constructor(deps: WatchersDeps) {
    this.#deps = deps;
  }

  /** Starts the account's watcher if its connector can push; idempotent. */
  start(accountId: string, signal: AbortSignal): Promise<void> {
    const existing = this.#watches.get(accountId);
    if (existing) return existing.starting;
    const watch: Watch = { pending: new Set(), starting: Promise.resolve() };
    this.#watches.set(accountId, watch);
    watch.starting = (async () => {
      try {
        const { instance } = await this.#deps.host.get(accountId);
        if (!instance.watch || signal.aborted) return;
        watch.stop = await instance.watch((streams) => this.#changed(accountId, watch, streams), signal);
      } catch (err) {
        // Polling still covers the account; the watcher is only a faster path.
        if (!signal.aborted) this.#deps.log.warn({ accountId, err }, 'push watcher could not start');
        if (this.#watches.get(accountId) === watch) this.#watches.delete(accountId);
      }
    })();
    return watch.starting;
  }

  async stop(accountId: string): Promise<void> {
    const watch = this.#watches.get(accountId);
    if (!watch) return;
    this.#watches.delete(accountId);
    clearTimeout(watch.timer);
    await watch.starting;
    try {
      await watch.stop?.();
    } catch (err) {
      this.#deps.log.warn({ accountId, err }, 'push watcher did not stop cleanly');
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#watches.keys()].map((id) => this.stop(id)));
  }

  #changed(accountId: string, watch: Watch, streams: string[]): void {
    if (this.#watches.get(accountId) !== watch) return;
    for (const s of streams) watch.pending.add(s);
    if (watch.timer) return;
    watch.timer = setTimeout(() => {
      watch.timer = undefined;
      const changed = [...watch.pending];
      watch.pending.clear();
      if (changed.length) this.#deps.onChange(accountId, changed);
    }, this.#deps.debounceMs);
  }
}
