import { describe, expect, it } from 'vitest';
import { insertAccount } from '../../../electron/main/store/accounts.ts';
import { openDatabase, writeTransaction } from '../../../electron/main/store/db.ts';
import { upsertItems } from '../../../electron/main/store/items.ts';
import type { UnifiedItem } from '../../../connectors/contract/models.ts';

function msg(externalId: string, text: string, extra: Partial<UnifiedItem> = {}): UnifiedItem {
  return {
    kind: 'message', externalId, source: 'slack', conversationId: 'c', sentAt: '2025-03-01T10:00:00Z', sender: { kind: 'slack', address: 'U1' },
    recipients: [], text, isUnread: false, isStarred: false, fromMe: false, folders: [], attachments: [], ...extra,
  } as UnifiedItem;
}

describe('migration 0040: next-actions indexes', () => {
  it('adds the partial indexes and the dismissal high-water column', () => {
    const db = openDatabase(':memory:');
    const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'").all().map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['items_asks', 'items_mine', 'items_unread']));
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(action_state)').all().map((r) => r.name);
    expect(columns).toContain('seen_item_id');
    db.close();
  });

  it('indexes only texts that ask something in their new part, never notes, and the planner uses it', () => {
    const db = openDatabase(':memory:');
    insertAccount(db, { id: 'a', connector: 'demo', name: 'A', settings: {} });
    writeTransaction(db, () => upsertItems(db, 'a', [
      msg('1', 'Can you send the deck?'),
      msg('2', 'Please review.'),
      msg('3', 'Thanks, done.\n> Can you send the deck?'),
      msg('4', 'Lunch at noon.'),
      { ...msg('5', 'What is the budget?'), kind: 'note', source: 'onenote', title: 'n', location: '' } as UnifiedItem,
    ], { stream: 's', generation: 0 }));
    const asks = db.prepare<[], { external_id: string }>(`SELECT external_id FROM items INDEXED BY items_asks
      WHERE from_me = 0 AND kind <> 'note' AND asks = 1 ORDER BY external_id`).all().map((r) => r.external_id);
    expect(asks).toEqual(['1', '2']);
    const plan = db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT id FROM items i WHERE i.from_me = 0 AND i.kind <> 'note'
      AND i.asks = 1 AND i.account_id = 'a'`).all().map((r) => r.detail).join(' ');
    expect(plan).toContain('items_asks');
    db.close();
  });
});
