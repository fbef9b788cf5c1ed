-- Blocks made through a stranger's handle in a random chat (store/StrangerBlocks). The blocker never learned whose
-- account it was: such a block is listed by the handle and keeps the two apart in random chats only.
CREATE TABLE stranger_blocks (
    id         INTEGER PRIMARY KEY,
    blocker_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    blocked_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL, -- null: the stranger was a guest, or is gone
    handle     TEXT    NOT NULL,                                     -- as the blocker saw it
    created_at INTEGER NOT NULL
);
CREATE INDEX stranger_blocks_by_blocker ON stranger_blocks (blocker_id, handle);
CREATE INDEX stranger_blocks_by_blocked ON stranger_blocks (blocked_id);
