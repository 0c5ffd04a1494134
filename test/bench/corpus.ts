// Realistic items for the benches: the TREC 2007 corpus parsed once with mailparser, cached as JSONL
// under os.tmpdir(), then cycled with shifted dates and several accounts to reach any count.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser, type AddressObject } from 'mailparser';
import type { UnifiedEmail } from '../../connectors/contract/models.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARCHIVE = path.resolve(repoRoot, '../shared/corpus/trec07p-first37710.tar.xz');
export const CACHE_DIR = path.join(os.tmpdir(), 'switchboard-bench');
const JSONL = path.join(CACHE_DIR, 'corpus-v1.jsonl');
const MAX_BODY = 64 * 1024;

export interface CorpusRow {
  n: number;
  messageId?: string;
  subject: string;
  from: { address: string; name?: string };
  to: { address: string; name?: string }[];
  cc: { address: string; name?: string }[];
  date: number;
  text: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

async function extract(): Promise<string> {
  const dataDir = path.join(CACHE_DIR, 'trec07p', 'data');
  if (existsSync(path.join(dataDir, 'inmail.37710'))) return dataDir;
  await mkdir(CACHE_DIR, { recursive: true });
  await promisify(execFile)('tar', ['-xJf', ARCHIVE, '-C', CACHE_DIR], { maxBuffer: 1 << 20 });
  return dataDir;
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name?: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list
    .flatMap((a) => a.value)
    .filter((a) => a.address)
    .map((a) => (a.name ? { address: a.address!.toLowerCase(), name: a.name } : { address: a.address!.toLowerCase() }));
}

async function parseOne(file: string, n: number): Promise<CorpusRow> {
  let raw = await readFile(file);
  // Drop the mbox "From " envelope line.
  if (raw.subarray(0, 5).toString() === 'From ') raw = raw.subarray(raw.indexOf(10) + 1);
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const from = addresses(mail.from)[0] ?? { address: 'unknown@invalid' };
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : Date.UTC(2007, 4, 1);
  return {
    n,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    subject: mail.subject ?? '',
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date,
    text: (mail.text ?? '').slice(0, MAX_BODY),
    attachments: mail.attachments
      .filter((a) => a.contentDisposition === 'attachment' || a.filename)
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size })),
  };
}

/** Parses the whole corpus once (a few minutes) and caches it; later calls read the cache. */
export async function loadCorpus(log: (line: string) => void = () => {}): Promise<CorpusRow[]> {
  if (!existsSync(JSONL)) {
    log(`bench corpus: extracting and parsing into ${JSONL} (once)`);
    const dataDir = await extract();
    const files = (await readdir(dataDir)).filter((f) => f.startsWith('inmail.'));
    files.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
    const tmp = `${JSONL}.${process.pid}.tmp`;
    const out = createWriteStream(tmp);
    for (const [i, f] of files.entries()) {
      try {
        out.write(`${JSON.stringify(await parseOne(path.join(dataDir, f), i + 1))}\n`);
      } catch (error) {
        log(`bench corpus: skipped ${f}: ${(error as Error).message}`);
      }
      if (i % 5000 === 0) log(`bench corpus: parsed ${i}/${files.length}`);
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(tmp, JSONL);
  }
  const rows: CorpusRow[] = [];
  const lines = createInterface({ input: createReadStream(JSONL), crlfDelay: Infinity });
  for await (const line of lines) if (line) rows.push(JSON.parse(line) as CorpusRow);
  return rows;
}

const DAY = 86_400_000;
const FOLDERS = [['inbox'], ['inbox'], ['inbox'], ['archive'], ['sent'], ['inbox', 'work']];

/**
 * Item `i` of a synthetic mailbox: corpus row i mod N, with each pass over the corpus shifted
 * back ~4 months so dates spread over years, and flags varied deterministically.
 */
export function itemFromCorpus(rows: readonly CorpusRow[], i: number): UnifiedEmail {
  const row = rows[i % rows.length]!;
  const pass = Math.floor(i / rows.length);
  const sentAt = row.date - pass * 120 * DAY - (i % 7) * 3_600_000;
  return {
    kind: 'email',
    externalId: `bench-${i}`,
    source: 'imap',
    conversationId: row.messageId ?? `conv-${row.n}`,
    sentAt: new Date(Number.isFinite(sentAt) ? sentAt : DAY).toISOString(),
    sender: { kind: 'email', ...row.from },
    recipients: row.to.map((a) => ({ kind: 'email' as const, ...a })),
    cc: row.cc.map((a) => ({ kind: 'email' as const, ...a })),
    text: row.text,
    subject: row.subject,
    isUnread: i % 3 === 0,
    isStarred: i % 17 === 0,
    fromMe: false,
    folders: FOLDERS[i % FOLDERS.length]!,
    attachments: row.attachments.map((a) => ({ ...a, inline: false })),
    references: [],
    ...(row.messageId ? { messageId: row.messageId, reconcileKey: `${row.messageId}#${pass}` } : {}),
  };
}

// `node test/bench/corpus.ts` warms the cache.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await loadCorpus(console.log);
  console.log(`bench corpus: ${rows.length} rows in ${JSONL}`);
}
