-- Shared files. The content lives on disk under its SHA-256; a row says who shared it where, under which name.
CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,   -- what clients name it by: random, not guessable
    sha256       TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    name         TEXT    NOT NULL,          -- the sender's name for it, without directories; never a path here
    type         TEXT    NOT NULL,          -- sniffed from the content
    width        INTEGER,
    height       INTEGER,
    thumbnail    BLOB,                      -- a small PNG for pictures
    owner_id     INTEGER REFERENCES accounts (id) ON DELETE CASCADE, -- null: a guest
    owner_name   TEXT    NOT NULL,
    conversation TEXT    NOT NULL,          -- '~id' (random, deleted when it ends), 'direct:A:B' or 'room:KEY'
    created_at   INTEGER NOT NULL
);
CREATE INDEX files_by_conversation ON files (conversation);
CREATE INDEX files_by_owner ON files (owner_id);
CREATE INDEX files_by_sha256 ON files (sha256);

ALTER TABLE messages ADD COLUMN file_id INTEGER REFERENCES files (id) ON DELETE CASCADE;
