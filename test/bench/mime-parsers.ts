// Compares mailparser and postal-mime on real corpus mail: throughput, failures, memory.
// Run: npx node test/bench/mime-parsers.ts [count]  (the connector's choice is recorded in connectors/imap/parse-message.ts)
import { simpleParser } from 'mailparser';
import PostalMime from 'postal-mime';
import { readCorpusMessages } from '../helpers/corpus.ts';

type Parse = (raw: Buffer) => Promise<unknown>;

const parsers: Record<string, Parse> = {
  mailparser: (raw) => simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }),
  'postal-mime': (raw) => PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' }),
};

async function measure(name: string, parse: Parse, messages: Buffer[]) {
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let failures = 0;
  const started = performance.now();
  for (const raw of messages) {
    try {
      await parse(raw);
    } catch {
      failures++;
    }
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  return { name, msgPerSec: Math.round(messages.length / seconds), failures, peakRssDeltaMb: Math.round((peak - rssBefore) / 1e6) };
}

export async function benchMimeParsers(count = 2000): Promise<Record<string, number | string>> {
  // Spread the sample over the corpus: ham and spam differ a lot in MIME shape.
  const step = Math.floor(37_710 / count);
  const messages: Buffer[] = [];
  for (let i = 0; i < count; i++) messages.push(...(await readCorpusMessages(1, i * step)));
  const out: Record<string, number | string> = { messages: messages.length };
  for (const round of [1, 2]) {
    for (const [name, parse] of Object.entries(parsers)) {
      const r = await measure(name, parse, messages);
      if (round === 2) Object.assign(out, { [`${name} msg/s`]: r.msgPerSec, [`${name} failures`]: r.failures, [`${name} peak RSS delta MB`]: r.peakRssDeltaMb });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchMimeParsers(Number(process.argv[2] ?? 2000)));
}
