// Main→renderer push events: notifications that something changed, never the data itself. The UI's
// slices refetch what they show (items by id, the account list, the outbox), so a missed or merged
// event can only make a view refetch more, never show wrong data.
import { z } from 'zod';

const Ids = z.array(z.number().int());

export const IpcEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('items-changed'), accountId: z.string(), ids: Ids }),
  z.object({ type: z.literal('items-removed'), accountId: z.string(), ids: Ids }),
  /** An account was added or removed, or its identity changed. */
  z.object({ type: z.literal('accounts-changed') }),
  /** The account's health row changed: refetch accounts.list for its status. */
  z.object({ type: z.literal('account-health'), accountId: z.string() }),
  z.object({
    type: z.literal('sync-progress'),
    accountId: z.string(),
    stream: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().optional(),
  }),
  z.object({ type: z.literal('outbox-changed'), ids: z.array(z.string()) }),
  z.object({ type: z.literal('actions-changed') }),
]);
export type IpcEvent = z.infer<typeof IpcEvent>;
export type IpcEventType = IpcEvent['type'];

/** Browser mode: an event frame, told apart from call answers by having `event` and no `id`. */
export const WireEvent = z.object({ event: IpcEvent });
export type WireEvent = z.infer<typeof WireEvent>;
