-- Bans set by the operator (chat-server ban, store/BanStore): an account name, refused at login, resume and
-- register; or a range of addresses (an IPv4 address or network, an IPv6 network of at most /64), refused at connect.
CREATE TABLE bans (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,      -- 'name' or 'address'
    target     TEXT    NOT NULL,      -- the name's key, or the network: '192.0.2.7', '198.51.100.0/24', '2001:db8:0:1::/64'
    reason     TEXT    NOT NULL,      -- may be empty
    created_at INTEGER NOT NULL,
    expires_at INTEGER,               -- null: permanent
    UNIQUE (kind, target)
);
