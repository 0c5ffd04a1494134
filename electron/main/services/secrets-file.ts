// The fallback secret store: one JSON file of AES-256-GCM ciphertexts, its random key in a separate
// 0600 file. Writes are atomic (temp file + rename) and a tampered or damaged file is refused loudly,
// never reset: resetting would silently lose every account's credentials.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from './secrets.ts';

const KEY_FILE = 'secret.key';
const DATA_FILE = 'secrets.enc.json';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 1;

interface Sealed {
  iv: string;
  tag: string;
  data: string;
}
interface DataFile {
  format: number;
  entries: Record<string, Sealed>;
}

export class SecretFileCorrupt extends Error {
  constructor(file: string, detail: string) {
    super(
      `The secret store ${file} cannot be read (${detail}). It may have been modified or damaged, or ` +
        `secret.key does not belong to it. Nothing was changed; restore both files from a backup, or ` +
        `move them away and add the accounts again.`,
    );
    this.name = 'SecretFileCorrupt';
  }
}

async function writeAtomic(file: string, content: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

async function readOrCreateKey(dir: string): Promise<Buffer> {
  const file = path.join(dir, KEY_FILE);
  try {
    const key = await readFile(file);
    if (key.length !== KEY_BYTES) throw new SecretFileCorrupt(file, `key is ${key.length} bytes, expected ${KEY_BYTES}`);
    await chmod(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(KEY_BYTES);
  // 'wx': if another process created the key in between, use theirs rather than overwrite it.
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(key);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKey(dir);
    throw err;
  }
}

export class EncryptedFileSecretStore implements SecretStore {
  readonly backend = 'encrypted-file' as const;
  readonly warning: string | undefined;
  readonly #file: string;
  readonly #key: Buffer;
  #entries: Record<string, Sealed>;
  // Serializes writes so concurrent set() calls never lose each other's entries.
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string, key: Buffer, entries: Record<string, Sealed>, warning?: string) {
    this.#file = file;
    this.#key = key;
    this.#entries = entries;
    this.warning = warning;
  }

  static async open(dir: string, warning?: string): Promise<EncryptedFileSecretStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const key = await readOrCreateKey(dir);
    const file = path.join(dir, DATA_FILE);
    let entries: Record<string, Sealed> = {};
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const store = new EncryptedFileSecretStore(file, key, entries, warning);
    if (text !== undefined) {
      let parsed: DataFile;
      try {
        parsed = JSON.parse(text) as DataFile;
      } catch {
        throw new SecretFileCorrupt(file, 'not valid JSON');
      }
      if (parsed.format !== FORMAT || typeof parsed.entries !== 'object' || parsed.entries === null) {
        throw new SecretFileCorrupt(file, `unknown format ${String(parsed.format)}`);
      }
      entries = parsed.entries;
      store.#entries = entries;
      // Authenticate every entry now, so damage is reported at start, not at the first sync.
      for (const name of Object.keys(entries)) store.#open(name);
      await chmod(file, 0o600);
    }
    return store;
  }

  async get(key: string): Promise<string | undefined> {
    return Object.hasOwn(this.#entries, key) ? this.#open(key) : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    this.#entries = { ...this.#entries, [key]: this.#seal(key, value) };
    await this.#persist();
  }

  async delete(key: string): Promise<void> {
    if (!Object.hasOwn(this.#entries, key)) return;
    const { [key]: _gone, ...rest } = this.#entries;
    this.#entries = rest;
    await this.#persist();
  }

  #persist(): Promise<void> {
    const run = this.#writing.then(() =>
      writeAtomic(this.#file, JSON.stringify({ format: FORMAT, entries: this.#entries } satisfies DataFile)),
    );
    this.#writing = run.catch(() => {});
    return run;
  }

  // The entry name is authenticated data: a ciphertext moved to another name fails to open.
  #seal(name: string, value: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  #open(name: string): string {
    const sealed = this.#entries[name];
    if (!sealed) throw new SecretFileCorrupt(this.#file, `entry "${name}" is missing`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretFileCorrupt(this.#file, `entry "${name}" failed authentication`);
    }
  }
}
