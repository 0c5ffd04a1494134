// A throwaway Dovecot 2.3 IMAP server for connector tests and benches (provider-apis.md §11.3).
// Runs as the current user (root here) from a temp dir; stopped by PID. Mail is seeded by writing
// Maildir files directly, which is what makes the 37,710-message bench corpus load in seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface DovecotUser {
  user: string;
  pass: string;
}

export interface Dovecot {
  host: '127.0.0.1';
  port: number;
  /** The first user's credentials. */
  user: string;
  pass: string;
  /** Root of a user's Maildir++ tree (INBOX is the root; folder X is `.X`). */
  maildir(user: string): string;
  /** Writes messages as Maildir files (unread, in new/ order = UID order). Call before the folder is selected, or expect Dovecot to pick them up on its next scan. */
  seedMessages(user: string, folder: string, rawMessages: Buffer[]): Promise<void>;
  stop(): Promise<void>;
}

export interface DovecotOptions {
  users?: DovecotUser[];
  /** Extra lines appended to dovecot.conf (e.g. `imap_capability = …`). */
  extraConfig?: string;
}

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => { socket.destroy(); resolve(true); }); // the greeting: imap-login is really up
      socket.once('error', () => resolve(false));
      socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not accept connections on ${port}: ${log()}`);
}

/**
 * Who owns the mail. As root, Dovecot runs imap-login as its own dovenull user and refuses uid 0 for
 * mail processes, so mail belongs to nobody:nogroup; otherwise everything runs as the current user
 * (the Dovecot rootless how-to).
 */
function mailOwner(): { uid: number; gid: number; root: boolean } {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return { uid: 65534, gid: 65534, root: true };
  return { uid, gid: process.getgid?.() ?? 0, root: false };
}

async function chownTree(target: string, uid: number, gid: number): Promise<void> {
  await chown(target, uid, gid);
  const entries = await readdir(target, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory()) await chownTree(path.join(target, entry.name), uid, gid);
  }
}

function config(dir: string, port: number, extra: string): string {
  const { uid, gid, root } = mailOwner();
  const me = os.userInfo().username;
  return `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
${root ? '' : `default_internal_user = ${me}\ndefault_login_user = ${me}`}
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
maildir_very_dirty_syncs = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = .
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}
${extra}
`;
}

let seedCounter = 0;

/** Maildir++ folder root: INBOX is the user's root, folder X is `.X`. */
export function folderRoot(userMaildir: string, folder: string): string {
  return folder.toUpperCase() === 'INBOX' ? userMaildir : path.join(userMaildir, `.${folder}`);
}

/**
 * Writes messages as Maildir files in new/ (unread). Dovecot assigns UIDs in file-name order at its
 * next scan, and zero-padded counters keep the given order; S= lets it skip a stat per message.
 * Exported so a bench can seed from a child process without growing its own heap.
 */
export async function seedMaildir(root: string, rawMessages: Buffer[]): Promise<void> {
  const owner = mailOwner();
  await Promise.all(['cur', 'new', 'tmp'].map((d) => mkdir(path.join(root, d), { recursive: true })));
  if (owner.root) await chownTree(root, owner.uid, owner.gid);
  const base = Math.floor(Date.now() / 1000);
  const batch = ++seedCounter;
  const write = async (raw: Buffer, i: number) => {
    const name = `${base}.M${String(batch).padStart(5, '0')}P${String(i).padStart(6, '0')}.${process.pid},S=${raw.length}`;
    const file = path.join(root, 'new', name);
    await writeFile(file, raw);
    if (owner.root) await chown(file, owner.uid, owner.gid);
  };
  const parallel = 64;
  for (let i = 0; i < rawMessages.length; i += parallel) {
    await Promise.all(rawMessages.slice(i, i + parallel).map((raw, j) => write(raw, i + j)));
  }
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const users = opts.users?.length ? opts.users : [{ user: 'alice', pass: 'secret' }];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-dovecot-'));
  await chmod(dir, 0o755); // Dovecot's auth process (user dovecot) reads the passwd file in it.
  await Promise.all(['run', 'state', 'mail', 'home'].map((d) => mkdir(path.join(dir, d), { recursive: true })));
  const owner = mailOwner();
  if (owner.root) await Promise.all(['mail', 'home'].map((d) => chown(path.join(dir, d), owner.uid, owner.gid)));
  await writeFile(path.join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.pass}::::::`).join('\n') + '\n');
  const port = await freePort();
  const confFile = path.join(dir, 'dovecot.conf');
  await writeFile(confFile, config(dir, port, opts.extraConfig ?? ''));

  const child = spawn(DOVECOT, ['-c', confFile, '-F'], { stdio: ['ignore', 'ignore', 'pipe'] });
  // A test run that dies without stop() must not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const maildir = (user: string) => path.join(dir, 'mail', user);
  return {
    host: '127.0.0.1',
    port,
    user: users[0]!.user,
    pass: users[0]!.pass,
    maildir,
    async seedMessages(user, folder, rawMessages) {
      await mkdir(maildir(user), { recursive: true });
      if (owner.root) await chown(maildir(user), owner.uid, owner.gid);
      await seedMaildir(folderRoot(maildir(user), folder), rawMessages);
    },
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
