package chat.server.auth;

import chat.server.chat.Chatter;
import chat.server.chat.OnlineUsers;
import chat.server.net.CloseReason;
import chat.server.store.AccountStore;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Notices logins that ended outside this server's own request handling: an operator's {@code users reset-password}
 * or {@code users delete} (another process, writing to the same database file) and sessions that expired. Each
 * {@link #check} asks SQLite whether another connection committed since the last one ({@code data_version}, one cheap
 * query); only then, or once a minute, it compares every online login with the store in one query and closes those
 * that ended, with a {@code bye} that says why. Logins this server ends itself close at once where they end
 * ({@code AccountCommands}); this is the net for the rest. Loop thread only.
 */
public final class SessionWatch {

    private static final Logger LOG = Logger.getLogger(SessionWatch.class.getName());

    /** How often every online login is compared even when nothing else wrote: expiries show up then. */
    static final long FULL_CHECK_MILLIS = 60_000;

    /** One login as it was when a comparison started. */
    private record Checked(Chatter device, Chatter.Account account, String tokenHash) {
    }

    /** What the store said about the logins compared. */
    private record Found(Map<Long, AccountStore.LoginState> accounts, Set<String> liveTokens) {
    }

    private final Store store;
    private final OnlineUsers online;
    private final LongSupplier clock;
    private long lastDataVersion = Long.MIN_VALUE;
    private long lastFullCheck;
    private boolean running;

    public SessionWatch(Store store, OnlineUsers online, LongSupplier clock) {
        this.store = store;
        this.online = online;
        this.clock = clock;
    }

    /** Starts one round unless the previous one is still under way; the caller schedules the rounds. */
    public void check() {
        if (running) {
            return;
        }
        running = true;
        store.submit(AccountStore::dataVersion, (version, error) -> {
            boolean changed = error == null && version != lastDataVersion;
            if (error == null) {
                lastDataVersion = version;
            }
            long now = clock.getAsLong();
            if (changed || now - lastFullCheck >= FULL_CHECK_MILLIS) {
                lastFullCheck = now;
                compare(now);
            } else {
                running = false;
            }
        });
    }

    private void compare(long now) {
        if (online.accounts() == 0) {
            running = false;
            return;
        }
        List<Checked> logins = new ArrayList<>();
        Set<Long> accountIds = new HashSet<>();
        Set<String> tokenHashes = new HashSet<>();
        for (Chatter device : online.allDevices()) {
            logins.add(new Checked(device, device.account(), device.sessionTokenHash()));
            accountIds.add(device.account().id());
            tokenHashes.add(device.sessionTokenHash());
        }
        store.submit(c -> new Found(AccountStore.loginStates(c, accountIds),
                AccountStore.liveSessions(c, tokenHashes, now)), (found, error) -> {
                    running = false;
                    if (error == null) {
                        for (Checked login : logins) {
                            endIfGone(login, found);
                        }
                    }
                });
    }

    private void endIfGone(Checked login, Found found) {
        Chatter device = login.device();
        if (device.account() != login.account() || !login.tokenHash().equals(device.sessionTokenHash())) {
            return; // logged out or in again meanwhile
        }
        AccountStore.LoginState state = found.accounts().get(login.account().id());
        if (state == null) {
            end(device, CloseReason.ACCOUNT_DELETED, CloseReason.ACCOUNT_DELETED.description());
        } else if (state.sessionEpoch() != device.sessionEpoch()) {
            // The device's own epoch, not the one when the comparison started: answers come back in store order,
            // so a password this device changed meanwhile has already moved it on.
            CloseReason reason = CloseReason.fromWireName(state.sessionsEndedBy(), CloseReason.LOGGED_OUT);
            end(device, reason, reason.description());
        } else if (!found.liveTokens().contains(login.tokenHash())) {
            end(device, CloseReason.LOGGED_OUT, "this login has ended (logged out elsewhere, or expired);"
                    + " log in again");
        }
    }

    private void end(Chatter device, CloseReason reason, String message) {
        LOG.info(() -> device.account().name() + "'s login on connection " + device.id() + " ended: "
                + reason.wireName());
        online.remove(device);
        device.disconnect(reason.wireName(), message);
    }
}
