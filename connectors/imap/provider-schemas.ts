// What imapflow hands back, parsed before mapping (STYLE §5): the shapes we rely on, nothing more.
// https://imapflow.com/module-imapflow-ImapFlow.html (MailboxObject, FetchMessageObject, ListResponse)
import { z } from 'zod';

const BigIntLike = z.union([z.bigint(), z.number(), z.string()]).transform((v) => String(v));

export const MailboxStatus = z.object({
  path: z.string(),
  uidValidity: BigIntLike,
  uidNext: z.number().int().nonnegative(),
  exists: z.number().int().nonnegative(),
  highestModseq: BigIntLike.optional(),
  noModseq: z.boolean().optional(),
});
export type MailboxStatus = z.infer<typeof MailboxStatus>;

export const ListedMailbox = z.object({
  path: z.string(),
  name: z.string(),
  specialUse: z.string().optional(),
  flags: z.set(z.string()).optional(),
});
export type ListedMailbox = z.infer<typeof ListedMailbox>;

export const FetchedMessage = z.object({
  uid: z.number().int().positive(),
  flags: z.set(z.string()).default(new Set()),
  internalDate: z.union([z.date(), z.string()]).optional(),
  size: z.number().int().nonnegative().optional(),
  source: z.instanceof(Buffer).optional(),
  modseq: BigIntLike.optional(),
});
export type FetchedMessage = z.infer<typeof FetchedMessage>;

export const FlagChange = FetchedMessage.pick({ uid: true, flags: true, modseq: true });
export type FlagChange = z.infer<typeof FlagChange>;

/** Per-folder sync state, stored by the orchestrator as opaque JSON. */
export const FolderCursor = z.object({
  v: z.literal(1),
  uidValidity: z.string(),
  /** Incremental high-water mark: UIDs ≥ uidNext are new mail. */
  uidNext: z.number().int().positive(),
  /** HIGHESTMODSEQ when the last pass started (CONDSTORE); absent without CONDSTORE. */
  highestModseq: z.string().optional(),
  /**
   * Newest-first backfill: UIDs below this are not fetched yet (0 = backfill complete). Lets a crash
   * during a long first sync resume where it stopped while new mail still flows in above uidNext.
   */
  backfillBelow: z.number().int().nonnegative(),
  /** The first sync's window (syncWindowDays → ISO date): the backfill only takes mail since then. */
  windowSince: z.string().optional(),
  /** UIDs we hold (IMAP sequence-set syntax): the expunge fallback diffs UID SEARCH ALL against it. */
  known: z.string(),
});
export type FolderCursor = z.infer<typeof FolderCursor>;
