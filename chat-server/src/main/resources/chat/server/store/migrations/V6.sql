-- Account ids are never given out twice. With a plain INTEGER PRIMARY KEY, SQLite hands a new row the largest id
-- plus one, so the account registered after the newest one was deleted got that account's id, and with it whatever
-- still named the id (a file shared in a direct chat, 'direct:A:B'). AUTOINCREMENT never reuses an id; SQLite adds
-- it only when a table is made, so the table is rebuilt (foreign keys are off while a migration runs, and checked
-- before it commits). The rebuilt table also gets the skeleton of each name (chat.core.model.NameSkeleton): no two
-- accounts may have names that look the same. Existing rows get theirs when the server opens the database.
CREATE TABLE accounts_rebuilt (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL,
    name_key          TEXT    NOT NULL UNIQUE,
    password_hash     TEXT    NOT NULL,
    visible           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    password_set_at   INTEGER NOT NULL,
    last_seen_at      INTEGER,
    session_epoch     INTEGER NOT NULL DEFAULT 0,
    sessions_ended_by TEXT,
    skeleton          TEXT                          -- how the name looks; null until filled in
);
INSERT INTO accounts_rebuilt (id, name, name_key, password_hash, visible, created_at, password_set_at, last_seen_at,
        session_epoch, sessions_ended_by)
    SELECT id, name, name_key, password_hash, visible, created_at, password_set_at, last_seen_at, session_epoch,
        sessions_ended_by FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_rebuilt RENAME TO accounts;
CREATE UNIQUE INDEX accounts_by_skeleton ON accounts (skeleton);

-- Ids already used by accounts deleted before this migration may still be named by direct chats' keys: the
-- sequence starts above every one of them.
INSERT INTO sqlite_sequence (name, seq) SELECT 'accounts', 0
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'accounts');
UPDATE sqlite_sequence SET seq = MAX(seq,
        (SELECT COALESCE(MAX(id), 0) FROM accounts),
        (SELECT COALESCE(MAX(CAST(substr(key, instr(substr(key, 8), ':') + 8) AS INTEGER)), 0) FROM conversations
            WHERE kind = 'direct'),
        (SELECT COALESCE(MAX(CAST(substr(conversation, instr(substr(conversation, 8), ':') + 8) AS INTEGER)), 0)
            FROM files WHERE conversation LIKE 'direct:%'))
    WHERE name = 'accounts';

-- Files shared in direct chats whose account was deleted outlived the chat; they go now, as they do from now on.
DELETE FROM files WHERE conversation LIKE 'direct:%' AND conversation NOT IN (SELECT key FROM conversations);
