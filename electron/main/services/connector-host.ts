// Builds and caches one connector instance per account: account row + definition + secrets →
// settings → runtime → instance. Closing an account aborts its runtime signal and closes the instance.
import type { ConnectorDefinition, ConnectorInstance } from '../../../connectors/contract/connector.ts';
import type { Account, Identity } from '../../../connectors/contract/models.ts';
import type { ConnectorRuntime, Logger } from '../../../connectors/contract/runtime.ts';
import { getConnector, parseSettings } from '../../../connectors/registry.ts';
import { getAccount } from '../store/accounts.ts';
import type { WriteDb } from '../store/db.ts';
import type { Sleep } from './rate-limit.ts';
import type { RetryPolicy } from './retry.ts';
import { createRuntime, secretKey } from './runtime.ts';
import type { SecretStore } from './secrets.ts';

export interface HostedConnector {
  account: Account & { me: Identity[] };
  definition: ConnectorDefinition;
  instance: ConnectorInstance;
  runtime: ConnectorRuntime;
}

export interface ConnectorHostDeps {
  db: WriteDb;
  secrets: SecretStore;
  log: Logger;
  /** Finds a connector definition by id; the registry by default (tests pass scripted connectors). */
  resolve?: (connectorId: string) => ConnectorDefinition;
  /** Passed to every runtime (tests observe waits without waiting). */
  sleep?: Sleep;
  retryPolicy?: Partial<RetryPolicy>;
  fetchImpl?: typeof fetch;
  random?: () => number;
}

export class UnknownAccount extends Error {
  constructor(id: string) {
    super(`No account "${id}".`);
    this.name = 'UnknownAccount';
  }
}

interface Slot {
  controller: AbortController;
  hosted: Promise<HostedConnector>;
}

export class ConnectorHost {
  readonly #deps: ConnectorHostDeps;
  readonly #slots = new Map<string, Slot>();

  constructor(deps: ConnectorHostDeps) {
    this.#deps = deps;
  }

  /** The account's live connector, created on first use. Concurrent callers share one instance. */
  get(accountId: string): Promise<HostedConnector> {
    const existing = this.#slots.get(accountId);
    if (existing) return existing.hosted;
    const controller = new AbortController();
    const hosted = this.#create(accountId, controller.signal);
    const slot = { controller, hosted };
    this.#slots.set(accountId, slot);
    // A failed creation (bad settings, missing secret) is not cached: the next get() tries again.
    hosted.catch(() => {
      if (this.#slots.get(accountId) === slot) this.#slots.delete(accountId);
    });
    return hosted;
  }

  /** Whether an instance exists for the account (without creating one). */
  has(accountId: string): boolean {
    return this.#slots.has(accountId);
  }

  async close(accountId: string): Promise<void> {
    const slot = this.#slots.get(accountId);
    if (!slot) return;
    this.#slots.delete(accountId);
    slot.controller.abort(new Error(`Account ${accountId} closed`));
    let hosted: HostedConnector;
    try {
      hosted = await slot.hosted;
    } catch {
      return;
    }
    try {
      await hosted.instance.close();
    } catch (err) {
      this.#deps.log.warn({ accountId, err }, 'connector close failed');
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((id) => this.close(id)));
  }

  async #create(accountId: string, signal: AbortSignal): Promise<HostedConnector> {
    const { db, secrets } = this.#deps;
    const account = getAccount(db, accountId);
    if (!account) throw new UnknownAccount(accountId);
    const definition = (this.#deps.resolve ?? getConnector)(account.connector);
    const raw: Record<string, unknown> = { ...account.settings };
    for (const field of definition.manifest.secretFields) {
      const value = await secrets.get(secretKey(accountId, field));
      if (value !== undefined) raw[field] = value;
    }
    const settings = parseSettings(definition, raw);
    const log = this.#deps.log.child({ accountId, connector: definition.manifest.id });
    const runtime = createRuntime({
      accountId,
      manifest: definition.manifest,
      settings,
      secrets,
      log,
      signal,
      ...(this.#deps.sleep ? { sleep: this.#deps.sleep } : {}),
      ...(this.#deps.retryPolicy ? { retryPolicy: this.#deps.retryPolicy } : {}),
      ...(this.#deps.fetchImpl ? { fetchImpl: this.#deps.fetchImpl } : {}),
      ...(this.#deps.random ? { random: this.#deps.random } : {}),
    });
    const instance = definition.create(runtime);
    return { account, definition, instance, runtime };
  }
}
