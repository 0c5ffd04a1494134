// The unread count behind the desktop badge. Served by the partial index items_unread (migration 0040).
import type { ReadDb } from './db.ts';

export function countUnread(db: ReadDb): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM items WHERE is_unread = 1').get()?.n ?? 0;
}
