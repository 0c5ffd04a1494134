// The safeStorage SecretStore with a fake safeStorage: ciphertexts on disk (0600, atomic), session
// only on Linux basic_text or without encryption, loud refusal of a damaged file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BASIC_TEXT_WARNING,
  SAFE_STORAGE_FILE,
  SafeStorageSecretStore,
  UNAVAILABLE_WARNING,
  type SafeStorageLike,
} from '../../../../electron/main/services/secrets-electron.ts';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** Reversible but not plaintext, so the test can tell ciphertext from the secret. */
function fakeSafeStorage(backend: Backend = 'gnome_libsecret', available = true): SafeStorageLike & { key: number } {
  return {
    key: 7,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(text: string) {
      return Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ this.key));
    },
    decryptString(data: Buffer) {
      const out = Buffer.from(data.map((b) => b ^ this.key)).toString('utf8');
      if (!out.startsWith('pw-') && !out.startsWith('tok')) throw new Error('Error while decrypting the ciphertext');
      return out;
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-safe-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = () => path.join(dir, SAFE_STORAGE_FILE);

describe('SafeStorageSecretStore', () => {
  it('persists ciphertexts only, 0600, and reads them back after a restart', async () => {
    const safe = fakeSafeStorage();
    const store = SafeStorageSecretStore.open(dir, safe, 'linux');
    expect(store.backend).toBe('encrypted-file');
    expect(store.warning).toBeUndefined();
    await store.set('acct-1:password', 'pw-hunter2');
    await store.set('acct-2:token', 'tok-abc');
    const raw = fs.readFileSync(file(), 'utf8');
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain('tok-abc');
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([SAFE_STORAGE_FILE]); // no temp file left behind

    const again = SafeStorageSecretStore.open(dir, safe, 'linux');
    expect(await again.get('acct-1:password')).toBe('pw-hunter2');
    await again.delete('acct-1:password');
    await again.delete('never-there');
    const third = SafeStorageSecretStore.open(dir, safe, 'linux');
    expect(await third.get('acct-1:password')).toBeUndefined();
    expect(await third.get('acct-2:token')).toBe('tok-abc');
  });

  it('keeps secrets for the session only on Linux basic_text, writing nothing', async () => {
    const store = SafeStorageSecretStore.open(dir, fakeSafeStorage('basic_text'), 'linux');
    expect(store.backend).toBe('memory');
    expect(store.warning).toBe(BASIC_TEXT_WARNING);
    await store.set('a:password', 'pw-x');
    expect(await store.get('a:password')).toBe('pw-x');
    await store.delete('a:password');
    expect(await store.get('a:password')).toBeUndefined();
    expect(fs.existsSync(file())).toBe(false);
  });

  it('basic_text only matters on Linux; no encryption at all is session-only everywhere', () => {
    expect(SafeStorageSecretStore.open(dir, fakeSafeStorage('unknown'), 'darwin').backend).toBe('encrypted-file');
    const none = SafeStorageSecretStore.open(dir, fakeSafeStorage('unknown', false), 'win32');
    expect(none.backend).toBe('memory');
    expect(none.warning).toBe(UNAVAILABLE_WARNING);
  });

  it('says what to do when a ciphertext no longer decrypts (the keyring key changed)', async () => {
    const safe = fakeSafeStorage();
    await SafeStorageSecretStore.open(dir, safe, 'linux').set('a:password', 'pw-1');
    safe.key = 9;
    await expect(SafeStorageSecretStore.open(dir, safe, 'linux').get('a:password')).rejects.toThrow(/cannot be decrypted.*add it again/);
  });

  it.each([
    ['not JSON', '{oops'],
    ['wrong version', JSON.stringify({ version: 2, values: {} })],
    ['not base64', JSON.stringify({ version: 1, values: { a: 'not base64!' } })],
    ['wrong shape', JSON.stringify([1, 2])],
  ])('refuses a damaged file (%s) and leaves it untouched', (_name, body) => {
    fs.writeFileSync(file(), body);
    expect(() => SafeStorageSecretStore.open(dir, fakeSafeStorage(), 'linux')).toThrow(/damaged and was left untouched/);
    expect(fs.readFileSync(file(), 'utf8')).toBe(body);
  });
});
