// The desktop app's SecretStore: Electron safeStorage (Keychain on macOS, DPAPI on Windows, libsecret
// or KWallet on Linux) encrypts each value; the ciphertexts live as base64 in a 0600 JSON file in the
// data dir. On Linux without a keyring Chromium falls back to `basic_text`, an obfuscation with a
// hard-coded key: storing tokens that way would only look safe, so secrets then live for this session
// only and `warning` says so (DESIGN §7). safeStorage is passed in, so tests run without Electron.
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { z } from 'zod';
import type { SecretStore } from './secrets.ts';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export const SAFE_STORAGE_FILE = 'secrets.safe-storage.json';

const FileShape = z.object({ version: z.literal(1), values: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)) });

export const BASIC_TEXT_WARNING =
  'No system keyring (GNOME Keyring, KWallet) is available, so Switchboard cannot encrypt account ' +
  'passwords and tokens on this computer. They are kept in memory for this session only: you will be ' +
  'asked for them again after a restart. Install and unlock a keyring to have them remembered.';

export const UNAVAILABLE_WARNING =
  'The operating system offers no encryption for stored secrets right now, so account passwords and ' +
  'tokens are kept in memory for this session only.';

export class SafeStorageSecretStore implements SecretStore {
  /** 'encrypted-file': safeStorage ciphertexts on disk; 'memory': this session only. */
  readonly backend: 'encrypted-file' | 'memory';
  readonly warning?: string;
  readonly #file: string;
  readonly #safeStorage: SafeStorageLike;
  /** Persisting: base64 ciphertexts. Session only: plaintexts (never written anywhere). */
  readonly #values = new Map<string, string>();

  private constructor(file: string, safeStorage: SafeStorageLike, warning: string | undefined, initial: Record<string, string>) {
    this.#file = file;
    this.#safeStorage = safeStorage;
    this.backend = warning === undefined ? 'encrypted-file' : 'memory';
    if (warning !== undefined) this.warning = warning;
    for (const [k, v] of Object.entries(initial)) this.#values.set(k, v);
  }

  /** Call after Electron's `ready`: before it, safeStorage cannot tell which backend it has. */
  static open(dataDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SafeStorageSecretStore {
    const file = path.join(dataDir, SAFE_STORAGE_FILE);
    if (!safeStorage.isEncryptionAvailable()) return new SafeStorageSecretStore(file, safeStorage, UNAVAILABLE_WARNING, {});
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return new SafeStorageSecretStore(file, safeStorage, BASIC_TEXT_WARNING, {});
    }
    return new SafeStorageSecretStore(file, safeStorage, undefined, readFile(file));
  }

  async get(key: string): Promise<string | undefined> {
    const value = this.#values.get(key);
    if (value === undefined || this.backend === 'memory') return value;
    try {
      return this.#safeStorage.decryptString(Buffer.from(value, 'base64'));
    } catch {
      throw new Error(
        `The stored secret "${key}" cannot be decrypted: the system keyring's key changed or the file was ` +
          `copied from another computer. Remove the account and add it again.`,
      );
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (this.backend === 'memory') {
      this.#values.set(key, value);
      return;
    }
    this.#values.set(key, this.#safeStorage.encryptString(value).toString('base64'));
    this.#persist();
  }

  async delete(key: string): Promise<void> {
    if (!this.#values.delete(key) || this.backend === 'memory') return;
    this.#persist();
  }

  /** Atomic: a crash mid-write leaves the old file, never half a file. */
  #persist(): void {
    fs.mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const tmp = `${this.#file}.${process.pid}.tmp`;
    const body = JSON.stringify({ version: 1, values: Object.fromEntries(this.#values) } satisfies z.infer<typeof FileShape>);
    fs.writeFileSync(tmp, body, { mode: 0o600 });
    fs.renameSync(tmp, this.#file);
  }
}

function readFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let parsed: ReturnType<typeof FileShape.safeParse>;
  try {
    parsed = FileShape.safeParse(JSON.parse(text));
  } catch {
    parsed = { success: false } as ReturnType<typeof FileShape.safeParse>;
  }
  if (!parsed.success) {
    // Refuse loudly rather than start empty and overwrite the user's secrets on the next save.
    throw new Error(`The secret store ${file} is damaged and was left untouched. Move it away and add the accounts again.`);
  }
  return parsed.data.values;
}
