-- How an account meets strangers in random chats: 0 as its account name (the default), 1 under a handle that tells
-- nothing (the /anon setting).
ALTER TABLE accounts ADD COLUMN anon INTEGER NOT NULL DEFAULT 0;
