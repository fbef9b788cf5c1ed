-- Accounts, login sessions and password recovery.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,           -- as registered, e.g. "Alice"
    name_key        TEXT    NOT NULL UNIQUE,    -- lower case, for case-insensitive uniqueness
    password_hash   TEXT    NOT NULL,           -- bcrypt
    visible         INTEGER NOT NULL DEFAULT 1, -- shown in the list of who is online
    created_at      INTEGER NOT NULL,           -- epoch milliseconds, like every time below
    password_set_at INTEGER NOT NULL
);

-- A login that a client can resume with its token. Only the token's SHA-256 is kept.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- One-time codes shown once at registration; each resets the password once. Only SHA-256 hashes are kept.
CREATE TABLE recovery_codes (
    code_hash  TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX recovery_codes_by_account ON recovery_codes (account_id);

-- Names of deleted accounts, kept from new registrations until the hold ends.
CREATE TABLE held_names (
    name_key   TEXT    PRIMARY KEY,
    held_until INTEGER NOT NULL
);
