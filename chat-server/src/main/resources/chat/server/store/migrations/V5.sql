-- Every event that ends all of an account's logins (password changed or reset, logged out everywhere) bumps its
-- session epoch. A login creates its session only while the epoch is still the one it read before checking the
-- password, in the same transaction; a running server compares the epochs of the accounts it has online.
ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
-- What last bumped the epoch, as the reason a closed connection hears: password_changed, password_reset, logged_out.
ALTER TABLE accounts ADD COLUMN sessions_ended_by TEXT;
