-- Room membership belongs to the account: joined once, on every device, across reconnects and restarts, until the
-- account parts. Guests' memberships are per connection and never stored. last_read_id is the account's read mark.
CREATE TABLE room_members (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    last_read_id    INTEGER NOT NULL DEFAULT 0,
    joined_at       INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, account_id)
);
CREATE INDEX room_members_by_account ON room_members (account_id);
