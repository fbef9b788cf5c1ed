package chat.server.auth;

import chat.core.model.UserName;
import chat.core.wire.ErrorCode;
import chat.server.WorkerPool;
import chat.server.chat.ChatException;
import chat.server.chat.Reply;
import chat.server.log.LogText;
import chat.server.store.AccountStore;
import chat.server.store.AccountStore.Account;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import chat.server.store.StrangerBlocks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accounts: register, log in (with a password or a session token), log out, change, reset and delete. Called on the
 * event loop and answers on it; the slow parts run elsewhere: bcrypt on the {@link WorkerPool}, SQL on the
 * {@link Store} thread. So a request is a short chain of hops, loop -> store -> loop -> worker -> loop -> ..., and
 * the loop never waits.
 *
 * <p>Neither passwords nor tokens are logged or stored: passwords as bcrypt hashes, tokens and recovery codes as
 * SHA-256.
 */
public final class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    /** What {@link #availability} says of a name that looks like another account's. */

    /** Receives the outcome of a request, on the event loop: a result, or the error to answer with. */
    @FunctionalInterface
    public interface Callback<T> {
        void done(T result, ChatException error);
    }

    /**
     * A successful login.
     *
     * @param tokenHash how the token is stored; the connection keeps it to log out or to spare its own login
     * @param sessionEpoch the account's session epoch the login was checked against
     * @param recoveryCodes only after registration: the one-time codes to show the user once
     * @param blockedAccounts the accounts it blocks by name or is blocked by
     * @param avoidedAccounts the accounts kept apart from it in random chats by blocks made through a handle
     * @param anon whether it meets strangers under a handle rather than as its name
     */
    public record Login(long accountId, String name, String token, String tokenHash, long sessionEpoch, long expires,
            List<String> recoveryCodes, boolean visible, Set<Long> blockedAccounts, Set<Long> avoidedAccounts,
            boolean anon) {
        @Override
        public String toString() {
            return "Login[accountId=" + accountId + ", name=" + name + "]";
        }
    }

    /** How long things last. */
    public record Policy(long sessionTtlMillis, long nameHoldMillis) {
    }

    private final Store store;
    private final WorkerPool workers;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Policy policy;
    private final LongSupplier clock;
    private final Secrets secrets = new Secrets();
    private Consumer<List<String>> unusedFileContents = shas -> { };
    private final RegistrationLimit registrations;
    /** A hash of nothing anyone knows, at the configured cost: what a login for an unknown name is checked against. */
    private final String unknownNameHash;

    public AccountService(Store store, WorkerPool workers, PasswordHasher hasher, LoginThrottle throttle,
            RegistrationLimit registrations, Policy policy, LongSupplier clock) {
        this.registrations = registrations;
        this.unknownNameHash = hasher.hash(secrets.newToken());
        this.store = store;
        this.workers = workers;
        this.hasher = hasher;
        this.throttle = throttle;
        this.policy = policy;
        this.clock = clock;
    }

    /** Where the checksums of file contents a deleted account leaves unused go, to be removed from disk. */
    public void onUnusedFileContents(Consumer<List<String>> cleaner) {
        this.unusedFileContents = cleaner;
    }

    /** Creates an account and logs it in. */
    public void register(String rawName, String password, String address, Callback<Login> callback) {
        UserName name = AccountRules.parseName(rawName);
        AccountRules.checkPassword(password);
        registrations.take(address);
        long now = clock.getAsLong();
        store.submit(c -> {
            AccountRules.refuseBanned(c, name.key(), now);
            return AccountRules.availability(c, name, now);
        }, (heldUntil, error) -> {
            if (error != null) {
                fail(callback, error);
            } else if (heldUntil != 0) {
                callback.done(null, AccountRules.nameTaken(name, heldUntil));
            } else {
                workers.submit(address, () -> new NewAccountSecrets(hasher.hash(password), secrets.newRecoveryCodes(),
                        secrets.newToken()), (fresh, hashError) -> {
                            if (hashError != null) {
                                fail(callback, hashError);
                            } else {
                                insertAccount(name, fresh, address, callback);
                            }
                        });
            }
        });
    }

    /** Logs in with a password; failures are throttled per name and per address. */
    public void login(String rawName, String password, String address, Callback<Login> callback) {
        UserName name = AccountRules.parseName(rawName);
        LoginThrottle.Attempt attempt = throttle.begin("name:" + name.key(), address);
        store.submit(c -> AccountStore.findByName(c, name.key()), (account, error) -> {
            if (error != null) {
                attempt.abandoned();
                fail(callback, error);
                return;
            }
            // An unknown name costs the same bcrypt check as a known one and gets the same answer: neither the
            // reply nor its timing tells whether an account has the name.
            String hash = account != null ? account.passwordHash() : unknownNameHash;
            java.util.concurrent.Callable<Boolean> check = () -> hasher.matches(password, hash);
            java.util.function.BiConsumer<Boolean, Throwable> checked = (matches, hashError) -> {
                if (hashError != null) {
                    attempt.abandoned();
                    fail(callback, hashError);
                } else if (account == null || !matches) {
                    attempt.failed();
                    callback.done(null, new ChatException(ErrorCode.WRONG_PASSWORD, "wrong name or password"));
                } else {
                    attempt.succeeded();
                    startSession(account, null, callback);
                }
            };
            if (account != null && attempt.fromUsualAddress()) {
                workers.submitFirst(check, checked);
            } else {
                workers.submit(address, check, checked);
            }
        });
    }

    /** Logs in with a session token from an earlier login. */
    public void resume(String token, String address, Callback<Login> callback) {
        LoginThrottle.Attempt attempt = throttle.begin(null, address);
        String tokenHash = Secrets.tokenHash(token);
        long now = clock.getAsLong();
        store.submit(c -> {
            Account account = AccountStore.findBySession(c, tokenHash, now);
            if (account != null) {
                AccountRules.refuseBanned(c, account.name().toLowerCase(Locale.ROOT), now);
            }
            return account == null ? null : new AccountAtLogin(account, AccountStore.sessionExpiresAt(c, tokenHash),
                    Blocks.of(c, account.id()));
        }, (resumed, error) -> {
            if (error != null) {
                attempt.abandoned();
                fail(callback, error);
            } else if (resumed == null) {
                attempt.failed();
                callback.done(null, new ChatException(ErrorCode.INVALID_TOKEN,
                        "that login has expired or ended; log in with your password"));
            } else {
                attempt.succeeded();
                Account account = resumed.account();
                // a token proves the owner as much as a password
                throttle.usualAddress("name:" + new UserName(account.name()).key(), address);
                callback.done(new Login(account.id(), account.name(), token, tokenHash, account.sessionEpoch(),
                        resumed.expires(), null, account.visible(), resumed.blocks().byName(),
                        resumed.blocks().asStranger(), account.anon()), null);
            }
        });
    }

    /**
     * Ends one session, or with {@code everywhere} all of the account's sessions, and every login whose password
     * check is still under way.
     */
    public void logout(long accountId, String tokenHash, boolean everywhere, Callback<Void> callback) {
        store.submit(c -> {
            if (everywhere) {
                AccountStore.endSessions(c, accountId, null, "logged_out");
            } else {
                AccountStore.deleteSession(c, tokenHash);
            }
            return null;
        }, (ignored, error) -> finish(callback, null, error));
    }

    /**
     * Changes the password after checking the old one; ends every session but {@code keepTokenHash}. Answers with
     * the account's new session epoch, which the connection that kept its session goes on with.
     */
    public void changePassword(long accountId, String keepTokenHash, String oldPassword, String newPassword,
            String address, Callback<Long> callback) {
        AccountRules.checkPassword(newPassword);
        LoginThrottle.Attempt attempt = throttle.begin("account:" + accountId, address);
        withAccount(accountId, attempt, callback, account -> {
            workers.submit(address, () -> hasher.matches(oldPassword, account.passwordHash())
                    ? hasher.hash(newPassword) : null, (newHash, hashError) -> {
                        if (hashError != null) {
                            attempt.abandoned();
                            fail(callback, hashError);
                        } else if (newHash == null) {
                            attempt.failed();
                            callback.done(null, new ChatException(ErrorCode.WRONG_PASSWORD,
                                    "the current password is wrong"));
                        } else {
                            attempt.succeeded();
                            long now = clock.getAsLong();
                            store.submit(c -> {
                                if (!AccountStore.sessionIsLive(c, accountId, keepTokenHash, now)) {
                                    throw AccountRules.sessionEnded();
                                }
                                if (!AccountStore.updatePasswordIfCurrent(c, accountId, account.sessionEpoch(),
                                        newHash, now)) {
                                    throw AccountRules.accountChanged();
                                }
                                return AccountStore.endSessions(c, accountId, keepTokenHash, "password_changed");
                            }, (epoch, storeError) -> finish(callback, epoch, storeError));
                        }
                    });
        });
    }

    /**
     * Sets a new password with a recovery code (used up by this) and ends every session of the account. Answers
     * with the account's id, so its live connections can be closed.
     */
    public void resetPassword(String rawName, String code, String newPassword, String address,
            Callback<Long> callback) {
        UserName name = AccountRules.parseName(rawName);
        if (newPassword != null) {
            AccountRules.checkPassword(newPassword);
        }
        LoginThrottle.Attempt attempt = throttle.begin("reset:" + name.key(), address);
        String codeHash = Secrets.recoveryCodeHash(code);
        ChatException invalidCode = new ChatException(ErrorCode.INVALID_CODE,
                "that is not an unused recovery code of " + name);
        // The cheap checks first: no bcrypt for a name or a code that does not exist.
        store.submit(c -> {
            Account account = AccountStore.findByName(c, name.key());
            return account != null && AccountStore.hasRecoveryCode(c, account.id(), codeHash);
        }, (valid, checkError) -> {
            if (checkError != null) {
                attempt.abandoned();
                fail(callback, checkError);
            } else if (!valid) {
                attempt.failed();
                callback.done(null, invalidCode);
            } else if (newPassword == null) {
                attempt.abandoned(); // a check uses nothing; the reset that follows is the attempt that counts
                callback.done(null, null);
            } else {
                workers.submit(address, () -> hasher.hash(newPassword), (newHash, hashError) -> {
                    if (hashError != null) {
                        attempt.abandoned();
                        fail(callback, hashError);
                        return;
                    }
                    long now = clock.getAsLong();
                    store.submit(c -> {
                        Account account = AccountStore.findByName(c, name.key());
                        if (account == null || !AccountStore.consumeRecoveryCode(c, account.id(), codeHash)) {
                            return null; // used or gone meanwhile
                        }
                        AccountStore.updatePassword(c, account.id(), newHash, now);
                        AccountStore.endSessions(c, account.id(), null, "password_reset");
                        return account.id();
                    }, (accountId, error) -> {
                        if (error != null) {
                            attempt.abandoned();
                            fail(callback, error);
                        } else if (accountId == null) {
                            attempt.failed();
                            callback.done(null, invalidCode);
                        } else {
                            attempt.succeeded();
                            callback.done(accountId, null);
                        }
                    });
                });
            }
        });
    }

    /** Deletes the account and its data after checking the password; its name is held for a while. */
    public void deleteAccount(long accountId, String password, String address, Callback<Void> callback) {
        LoginThrottle.Attempt attempt = throttle.begin("account:" + accountId, address);
        withAccount(accountId, attempt, callback, account -> {
            workers.submit(address, () -> hasher.matches(password, account.passwordHash()), (matches, hashError) -> {
                if (hashError != null) {
                    attempt.abandoned();
                    fail(callback, hashError);
                } else if (!matches) {
                    attempt.failed();
                    callback.done(null, new ChatException(ErrorCode.WRONG_PASSWORD, "wrong password"));
                } else {
                    attempt.succeeded();
                    long holdUntil = clock.getAsLong() + policy.nameHoldMillis();
                    store.submit(c -> {
                        Account current = AccountStore.findById(c, accountId);
                        if (current == null) {
                            throw AccountRules.sessionEnded();
                        }
                        if (current.sessionEpoch() != account.sessionEpoch()) {
                            throw AccountRules.accountChanged();
                        }
                        return AccountStore.delete(c, account, holdUntil);
                    }, (unusedFiles, storeError) -> {
                        if (storeError == null) {
                            LOG.info(() -> "account " + LogText.quote(account.name()) + " deleted");
                            unusedFileContents.accept(unusedFiles);
                        }
                        finish(callback, null, storeError);
                    });
                }
            });
        });
    }

    /** Shows or hides the account in the list of who is online. */
    public void setVisible(long accountId, boolean visible, Callback<Void> callback) {
        store.submit(c -> {
            AccountStore.setVisible(c, accountId, visible);
            return null;
        }, (ignored, error) -> finish(callback, null, error));
    }

    /** Sets whether the account meets strangers in random chats under a handle (true) or as its name (false). */
    public void setAnon(long accountId, boolean anon, Callback<Void> callback) {
        store.submit(c -> {
            AccountStore.setAnon(c, accountId, anon);
            return null;
        }, (ignored, error) -> finish(callback, null, error));
    }

    // ---- the steps ---------------------------------------------------------------------------------------------

    private record NewAccountSecrets(String passwordHash, List<String> recoveryCodes, String token) {
    }

    /** The account as a login finds it, in the transaction that starts or resumes the session. */
    private record AccountAtLogin(Account account, long expires, Blocks blocks) {
    }

    /** The accounts a login is kept apart from: by name blocks either way, and by blocks made through a handle. */
    private record Blocks(Set<Long> byName, Set<Long> asStranger) {
        static Blocks of(Connection c, long accountId) throws SQLException {
            return new Blocks(ConversationStore.blockedEitherWay(c, accountId), StrangerBlocks.eitherWay(c, accountId));
        }
    }

    private void insertAccount(UserName name, NewAccountSecrets fresh, String address, Callback<Login> callback) {
        long now = clock.getAsLong();
        long expires = now + policy.sessionTtlMillis();
        String tokenHash = Secrets.tokenHash(fresh.token());
        store.submit(c -> {
            AccountRules.refuseBanned(c, name.key(), now);
            long heldUntil = AccountRules.availability(c, name, now);
            if (heldUntil != 0) {
                return -heldUntil; // taken meanwhile
            }
            long id = AccountStore.insert(c, name.value(), name.key(), name.skeleton(), fresh.passwordHash(), now);
            AccountStore.insertRecoveryCodes(c, id, fresh.recoveryCodes().stream().map(Secrets::recoveryCodeHash)
                    .toList());
            AccountStore.insertSession(c, tokenHash, id, 0, now, expires);
            return id;
        }, (id, error) -> {
            if (error != null) {
                fail(callback, error);
            } else if (id < 0) {
                callback.done(null, AccountRules.nameTaken(name, -id));
            } else {
                LOG.info(() -> "account " + LogText.quote(name.value()) + " registered");
                throttle.usualAddress("name:" + name.key(), address);
                callback.done(new Login(id, name.value(), fresh.token(), tokenHash, 0, expires,
                        fresh.recoveryCodes(), true, Set.of(), Set.of(), false), null);
            }
        });
    }

    private void startSession(Account account, List<String> recoveryCodes, Callback<Login> callback) {
        String token = secrets.newToken();
        String tokenHash = Secrets.tokenHash(token);
        long now = clock.getAsLong();
        long expires = now + policy.sessionTtlMillis();
        store.submit(c -> {
            AccountStore.deleteExpiredSessions(c, now);
            AccountRules.refuseBanned(c, account.name().toLowerCase(Locale.ROOT), now);
            if (!AccountStore.insertSession(c, tokenHash, account.id(), account.sessionEpoch(), now, expires)) {
                if (AccountStore.findById(c, account.id()) == null) {
                    throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + account.name());
                }
                throw AccountRules.accountChanged();
            }
            // The settings as of this transaction, not as read before the password check: a change made meanwhile
            // on another device is either in here or reaches this connection after it is online.
            return new AccountAtLogin(AccountStore.findById(c, account.id()), expires, Blocks.of(c, account.id()));
        }, (current, error) -> {
            if (error != null) {
                fail(callback, error);
            } else {
                Account settings = current.account();
                Blocks blocks = current.blocks();
                callback.done(new Login(account.id(), account.name(), token, tokenHash, account.sessionEpoch(),
                        expires, recoveryCodes, settings.visible(), blocks.byName(), blocks.asStranger(),
                        settings.anon()), null);
            }
        });
    }

    /** Looks the logged-in account up and hands it on; an account deleted meanwhile ends the request. */
    private void withAccount(long accountId, LoginThrottle.Attempt attempt, Callback<?> callback,
            Consumer<Account> next) {
        store.submit(c -> AccountStore.findById(c, accountId), (account, error) -> {
            if (error != null || account == null) {
                attempt.abandoned();
                fail(callback, error != null ? error : AccountRules.sessionEnded());
            } else {
                next.accept(account);
            }
        });
    }

    private static <T> void finish(Callback<T> callback, T result, Throwable error) {
        if (error != null) {
            fail(callback, error);
        } else {
            callback.done(result, null);
        }
    }

    private static void fail(Callback<?> callback, Throwable error) {
        callback.done(null, Reply.toChatException(error));
    }
}
