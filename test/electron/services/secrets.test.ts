import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EncryptedFileSecretStore,
  MemorySecretStore,
  openSecretStore,
  SecretFileCorrupt,
} from '../../../electron/main/services/secrets.ts';

let dir: string;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const fresh = () => (dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-secrets-')));
const SECRET = 'correct horse battery staple ✓';

describe('openSecretStore', () => {
  it('falls back to the encrypted file with a visible warning when no keyring works (this Linux box)', async () => {
    const store = await openSecretStore(fresh());
    // On a desktop with an unlocked keyring this would be 'keyring'; CI has no Secret Service.
    if (store.backend === 'keyring') return;
    expect(store.backend).toBe('encrypted-file');
    expect(store.warning).toMatch(/No system keyring is available/);
  });

  it('preferKeyring: false skips the keyring', async () => {
    const store = await openSecretStore(fresh(), { preferKeyring: false });
    expect(store.backend).toBe('encrypted-file');
  });
});

describe('EncryptedFileSecretStore', () => {
  it('round trips, survives reopening, deletes', async () => {
    const d = fresh();
    const store = await EncryptedFileSecretStore.open(d);
    expect(await store.get('acc:password')).toBeUndefined();
    await Promise.all([store.set('acc:password', SECRET), store.set('acc:token', 'tok'), store.set('b:password', 'x')]);
    expect(await store.get('acc:password')).toBe(SECRET);
    const again = await EncryptedFileSecretStore.open(d);
    expect(await again.get('acc:password')).toBe(SECRET);
    expect(await again.get('acc:token')).toBe('tok');
    expect(await again.get('b:password')).toBe('x');
    await again.delete('acc:token');
    expect(await (await EncryptedFileSecretStore.open(d)).get('acc:token')).toBeUndefined();
  });

  it('writes no plaintext: the secret bytes appear in no file of the data dir', async () => {
    const d = fresh();
    const store = await EncryptedFileSecretStore.open(d);
    await store.set('acc:password', SECRET);
    const needles = [Buffer.from(SECRET, 'utf8'), Buffer.from(SECRET, 'utf16le'), Buffer.from(Buffer.from(SECRET).toString('base64'))];
    const files = readdirSync(d);
    expect(files.sort()).toEqual(['secret.key', 'secrets.enc.json']); // no temp files left behind
    for (const f of files) {
      const bytes = readFileSync(path.join(d, f));
      for (const n of needles) expect(bytes.includes(n)).toBe(false);
    }
  });

  it('key and data files are 0600', async () => {
    const d = fresh();
    const store = await EncryptedFileSecretStore.open(d);
    await store.set('k', 'v');
    expect(statSync(path.join(d, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(d, 'secrets.enc.json')).mode & 0o777).toBe(0o600);
  });

  it('a tampered ciphertext is refused with a clear error, and the file is left untouched', async () => {
    const d = fresh();
    const store = await EncryptedFileSecretStore.open(d);
    await store.set('acc:password', SECRET);
    const file = path.join(d, 'secrets.enc.json');
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { data: string }> };
    const entry = parsed.entries['acc:password'];
    if (!entry) throw new Error('entry missing');
    const bytes = Buffer.from(entry.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    entry.data = bytes.toString('base64');
    const tampered = JSON.stringify(parsed);
    writeFileSync(file, tampered);
    const err = await EncryptedFileSecretStore.open(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretFileCorrupt);
    expect((err as Error).message).toMatch(/failed authentication.*Nothing was changed/s);
    expect(readFileSync(file, 'utf8')).toBe(tampered);
  });

  it('a ciphertext moved to another entry name fails (the name is authenticated)', async () => {
    const d = fresh();
    const store = await EncryptedFileSecretStore.open(d);
    await store.set('a:password', 'for-a');
    await store.set('b:password', 'for-b');
    const file = path.join(d, 'secrets.enc.json');
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    parsed.entries['b:password'] = parsed.entries['a:password'];
    writeFileSync(file, JSON.stringify(parsed));
    await expect(EncryptedFileSecretStore.open(d)).rejects.toBeInstanceOf(SecretFileCorrupt);
  });

  it('a replaced key or a truncated file is refused, not reset', async () => {
    const d = fresh();
    await (await EncryptedFileSecretStore.open(d)).set('k', 'v');
    writeFileSync(path.join(d, 'secret.key'), Buffer.alloc(32, 7));
    await expect(EncryptedFileSecretStore.open(d)).rejects.toThrow(/failed authentication/);
    writeFileSync(path.join(d, 'secrets.enc.json'), '{"format":1,"entr');
    await expect(EncryptedFileSecretStore.open(d)).rejects.toThrow(/not valid JSON/);
  });
});

describe('MemorySecretStore', () => {
  it('round trips', async () => {
    const m = new MemorySecretStore({ a: '1' });
    expect(m.backend).toBe('memory');
    await m.set('b', '2');
    await m.delete('a');
    expect([await m.get('a'), await m.get('b')]).toEqual([undefined, '2']);
  });
});
