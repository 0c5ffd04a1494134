// Full-text index over subject/title, body, sender and participants, kept in step by triggers so no
// write path can forget it. Contentless (the text already lives in items) with delete support.
import type { Migration } from './index.ts';

export const migration0020: Migration = {
  version: 20,
  name: '0020-fts',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE items_fts USING fts5(
        subject, body, sender, participants,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, subject, body, sender, participants)
        VALUES (new.id, new.subject, new.body_text, new.sender_name || ' ' || new.sender_address, new.participants);
      END;
      CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER items_fts_update AFTER UPDATE OF subject, body_text, sender_name, sender_address, participants ON items
      WHEN old.subject IS NOT new.subject OR old.body_text IS NOT new.body_text OR old.sender_name IS NOT new.sender_name
        OR old.sender_address IS NOT new.sender_address OR old.participants IS NOT new.participants
      BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
        INSERT INTO items_fts (rowid, subject, body, sender, participants)
        VALUES (new.id, new.subject, new.body_text, new.sender_name || ' ' || new.sender_address, new.participants);
      END;
      INSERT INTO items_fts (rowid, subject, body, sender, participants)
        SELECT id, subject, body_text, sender_name || ' ' || sender_address, participants FROM items;
    `);
  },
};
