// The outbox remembers the moment a provider accepted a reply (SMTP 250, HTTP 2xx), so that after a
// crash between acceptance and filing it files the copy instead of sending a second time.
import type { Migration } from './index.ts';

export const migration0045: Migration = {
  version: 45,
  name: '0045-outbox-submitted',
  up(db) {
    db.exec(`ALTER TABLE outbox ADD COLUMN submitted_at INTEGER;`);
  },
};
