// Language-light "does this text ask something" heuristics, shared by the store (which keeps the
// answer in items.asks when a row is written) and the next-actions engine (which re-checks it).

/** Mail clients quote the previous message below the new text; only the new text can ask anything. */
export function newText(body: string): string {
  const cut = body.search(/^(On .{4,200} wrote:|-{2,} ?Original Message ?-{2,}|From: .+<?\S+@\S+>?)\s*$/im);
  const head = cut >= 0 ? body.slice(0, cut) : body;
  return (
    head
      .split('\n')
      .filter((line) => !line.startsWith('>'))
      .join('\n')
      .split(/^-- $/m)[0]
      ?.trim() ?? ''
  );
}

export const ASKING = /\?|\b(can|could|would|will) (you|we)\b|\blet me know\b|\bplease\b|\bany update\b|\bdo you\b/i;

export function asksSomething(text: string): boolean {
  return ASKING.test(text);
}

/** Only the head of a long body is looked at: a question to the reader comes early, and this runs on every write. */
const HEAD_CHARS = 4000;

export function textAsks(body: string): boolean {
  const head = body.length > HEAD_CHARS ? body.slice(0, HEAD_CHARS) : body;
  // Most texts ask nothing at all: decide those without cutting off the quoted part.
  return ASKING.test(head) && asksSomething(newText(head));
}
