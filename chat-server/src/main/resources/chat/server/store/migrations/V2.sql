-- Stored conversations: direct chats between two accounts and group rooms. Random chats are never stored.
CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,          -- 'direct' or 'room'
    key        TEXT    NOT NULL UNIQUE,   -- direct: 'direct:LOW:HIGH' (account ids); room: 'room:NAME' in lower case
    name       TEXT,                      -- a room's name as created
    topic      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

-- Who takes part in a direct chat, and how far each has read.
CREATE TABLE participants (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    last_read_id    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, account_id)
);
CREATE INDEX participants_by_account ON participants (account_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id       INTEGER REFERENCES accounts (id) ON DELETE CASCADE, -- null: a guest, in a room
    sender_name     TEXT    NOT NULL,
    client_id       TEXT,                                             -- the sender's request id, for resends
    text            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE blocks (
    blocker_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_by_blocked ON blocks (blocked_id);

-- Reports keep names as text: the evidence must outlive a deleted account.
CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    reporter      TEXT    NOT NULL,
    reported      TEXT,
    conversation  TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    evidence      TEXT    NOT NULL,     -- the last lines of the conversation, one per line
    created_at    INTEGER NOT NULL,
    resolved_at   INTEGER,
    resolution    TEXT
);

ALTER TABLE accounts ADD COLUMN last_seen_at INTEGER;
