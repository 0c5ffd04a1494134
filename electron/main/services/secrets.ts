// Where account passwords and tokens live: the OS keyring when there is one, else an AES-256-GCM
// encrypted file with its key beside it (0600), and a warning the user sees. Never SQLite, never logs.
import { AsyncEntry } from '@napi-rs/keyring';
import { EncryptedFileSecretStore } from './secrets-file.ts';

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  readonly backend: 'keyring' | 'encrypted-file' | 'memory';
  /** Shown to the user (the CLI prints it) when secrets are less protected than they should be. */
  readonly warning?: string;
}

export { EncryptedFileSecretStore, SecretFileCorrupt } from './secrets-file.ts';

export const KEYRING_SERVICE = 'switchboard';

export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory' as const;
  readonly #values = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.#values.set(k, v);
  }

  async get(key: string): Promise<string | undefined> {
    return this.#values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.#values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }
}

/** The OS keyring (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export class KeyringSecretStore implements SecretStore {
  readonly backend = 'keyring' as const;
  readonly #service: string;

  constructor(service: string = KEYRING_SERVICE) {
    this.#service = service;
  }

  async get(key: string): Promise<string | undefined> {
    return (await new AsyncEntry(this.#service, key).getPassword()) ?? undefined;
  }
  async set(key: string, value: string): Promise<void> {
    await new AsyncEntry(this.#service, key).setPassword(value);
  }
  async delete(key: string): Promise<void> {
    await new AsyncEntry(this.#service, key).deleteCredential();
  }

  /** A set/get/delete round trip: a keyring that exists but is locked or absent fails here. */
  static async probe(service: string = KEYRING_SERVICE): Promise<KeyringSecretStore | undefined> {
    const store = new KeyringSecretStore(service);
    const key = `probe-${process.pid}-${Date.now()}`;
    try {
      await store.set(key, 'ok');
      const back = await store.get(key);
      await store.delete(key);
      return back === 'ok' ? store : undefined;
    } catch {
      return undefined;
    }
  }
}

export const FILE_STORE_WARNING =
  'No system keyring is available, so account passwords and tokens are stored encrypted in ' +
  'secrets.enc.json with the key in secret.key beside it (both readable only by you). Anyone who can ' +
  'read your files can read them; install and unlock a keyring (GNOME Keyring, KWallet) for better protection.';

export async function openSecretStore(dataDir: string, options: { preferKeyring?: boolean } = {}): Promise<SecretStore> {
  if (options.preferKeyring ?? true) {
    const keyring = await KeyringSecretStore.probe();
    if (keyring) return keyring;
  }
  return EncryptedFileSecretStore.open(dataDir, FILE_STORE_WARNING);
}
