// Compact sets of IMAP UIDs as sorted, disjoint ranges ("1:500,502,510:600" on the wire and in the
// cursor). A folder of 37,710 consecutive UIDs is one range, so the cursor stays tiny.

export type UidRanges = [number, number][];

/** Parses "1:5,7,9:12" (the IMAP sequence-set syntax without `*`). Invalid parts are ignored. */
export function parseUidSet(text: string | undefined): UidRanges {
  if (!text) return [];
  const ranges: UidRanges = [];
  for (const part of text.split(',')) {
    const [a, b = a] = part.split(':').map(Number);
    if (!Number.isInteger(a) || !Number.isInteger(b) || a! <= 0 || b! <= 0) continue;
    ranges.push([Math.min(a!, b!), Math.max(a!, b!)]);
  }
  return normalize(ranges);
}

export function formatUidSet(ranges: UidRanges): string {
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}:${b}`)).join(',');
}

function normalize(ranges: UidRanges): UidRanges {
  const sorted = ranges.slice().sort((x, y) => x[0] - y[0]);
  const out: UidRanges = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Ranges from a list of UIDs in any order. */
export function fromUids(uids: Iterable<number>): UidRanges {
  const sorted = Array.from(uids).sort((a, b) => a - b);
  const out: UidRanges = [];
  for (const uid of sorted) {
    const last = out[out.length - 1];
    if (last && uid <= last[1] + 1) last[1] = Math.max(last[1], uid);
    else out.push([uid, uid]);
  }
  return out;
}

export function union(a: UidRanges, b: UidRanges): UidRanges {
  return normalize([...a, ...b]);
}

/** a − b. */
export function subtract(a: UidRanges, b: UidRanges): UidRanges {
  const out: UidRanges = [];
  let j = 0;
  for (const [start, end] of a) {
    let from = start;
    while (j < b.length && b[j]![1] < from) j++;
    let k = j;
    while (k < b.length && b[k]![0] <= end) {
      const [bs, be] = b[k]!;
      if (bs > from) out.push([from, Math.min(end, bs - 1)]);
      from = Math.max(from, be + 1);
      if (from > end) break;
      k++;
    }
    if (from <= end) out.push([from, end]);
  }
  return out;
}

export function count(ranges: UidRanges): number {
  return ranges.reduce((n, [a, b]) => n + (b - a + 1), 0);
}

/** Every UID in the ranges, ascending (only for sets already known to be small, e.g. vanished UIDs). */
export function* iterate(ranges: UidRanges): Generator<number> {
  for (const [a, b] of ranges) for (let uid = a; uid <= b; uid++) yield uid;
}
