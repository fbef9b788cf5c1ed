package chat.server.session;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.server.auth.AccountService;
import chat.server.chat.ChatException;
import chat.server.chat.Chatter;
import chat.server.chat.GuestHandles;
import chat.server.chat.OnlineUsers;
import chat.server.chat.Rooms;
import chat.server.log.LogText;
import chat.server.net.CloseReason;
import chat.server.net.Connection;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The account frames of one server: checks that the connection may make the request (guest or logged in, one
 * account request at a time), hands it to the {@link AccountService}, and when the answer comes back applies it to
 * the connection and to the account's other devices. Loop thread only.
 */
final class AccountCommands {

    private static final Logger LOG = Logger.getLogger(AccountCommands.class.getName());
    /** What a connection hears when the login it resumed was logged out on another connection. */
    static final String SHARED_LOGIN_ENDED = "this login was logged out on another connection; log in again";

    private final AccountService accounts;
    private final OnlineUsers online;
    private final GuestHandles guests;
    private final Consumer<Session> onLogin;
    private final Rooms rooms;
    private final boolean plainPasswords;

    /**
     * @param onLogin runs after a connection logged in, after its {@code logged_in}
     * @param onVisibilityChanged runs for each device of an account that was shown and is hidden, or the reverse
     * @param plainPasswords whether secrets are taken over plain text from other machines
     */
    AccountCommands(AccountService accounts, OnlineUsers online, GuestHandles guests, Rooms rooms,
            Consumer<Session> onLogin, boolean plainPasswords) {
        this.accounts = accounts;
        this.online = online;
        this.guests = guests;
        this.rooms = rooms;
        this.onLogin = onLogin;
        this.plainPasswords = plainPasswords;
    }

    private static boolean carriesSecret(ClientFrame frame) {
        return frame instanceof ClientFrame.Register || frame instanceof ClientFrame.Login
                || frame instanceof ClientFrame.Resume || frame instanceof ClientFrame.ChangePassword
                || frame instanceof ClientFrame.ResetPassword || frame instanceof ClientFrame.DeleteAccount;
    }

    /**
     * Refuses a secret that crossed a network in clear text. The secret has been seen by then, but refusing it
     * still keeps the habit from working: the client learns to connect with TLS before the user relies on it.
     */
    private void requireSafeChannel(Session session) {
        Connection connection = session.connection();
        if (!plainPasswords && !connection.isSecure() && !connection.isLoopback()) {
            throw new ChatException(ErrorCode.TLS_REQUIRED, "this server accepts passwords and login tokens from"
                    + " other machines only over TLS (chat-tui: add --tls)");
        }
    }

    /** Handles {@code frame} if it is an account frame; false when it is not one. */
    boolean handle(Session session, ClientFrame frame) {
        Chatter chatter = session.chatter();
        if (carriesSecret(frame)) {
            requireSafeChannel(session);
        }
        if (frame instanceof ClientFrame.Register register) {
            requireGuest(chatter);
            begin(session, () -> accounts.register(register.name(), register.password(), address(session),
                    (login, error) -> loggedIn(session, register.id(), login, error)));
        } else if (frame instanceof ClientFrame.Login login) {
            requireGuest(chatter);
            begin(session, () -> accounts.login(login.name(), login.password(), address(session),
                    (result, error) -> loggedIn(session, login.id(), result, error)));
        } else if (frame instanceof ClientFrame.Resume resume) {
            requireGuest(chatter);
            begin(session, () -> accounts.resume(resume.token(), address(session),
                    (result, error) -> loggedIn(session, resume.id(), result, error)));
        } else if (frame instanceof ClientFrame.Logout logout) {
            logout(session, logout, requireAccount(chatter));
        } else if (frame instanceof ClientFrame.ChangePassword change) {
            changePassword(session, change, requireAccount(chatter));
        } else if (frame instanceof ClientFrame.ResetPassword reset) {
            resetPassword(session, reset);
        } else if (frame instanceof ClientFrame.DeleteAccount delete) {
            deleteAccount(session, delete, requireAccount(chatter));
        } else if (frame instanceof ClientFrame.Visibility visibility) {
            Chatter.Account account = requireAccount(chatter);
            begin(session, () -> accounts.setVisible(account.id(), visibility.visible(), (ignored, error) -> {
                end(session, visibility.id(), error, () -> {
                    for (Chatter device : online.devices(account.id())) {
                        if (device.visible() != visibility.visible()) {
                            device.visible(visibility.visible());
                            rooms.visibilityChanged(device);
                        }
                    }
                    online.shownChanged(account.id());
                    session.deliver(ServerFrame.Ok.saying(visibility.id(), visibility.visible()
                            ? "you are visible in the list of who is online"
                            : "you are hidden from the list of who is online"));
                });
            }));
        } else if (frame instanceof ClientFrame.Anon anon) {
            anon(session, anon);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Sets how the account meets strangers, on every device at once: the others hear {@code anon}, the asker an
     * {@code ok} that says what strangers will see. Without a value, only says it (to a guest too).
     */
    private void anon(Session session, ClientFrame.Anon anon) {
        Chatter chatter = session.chatter();
        if (anon.anon() == null) {
            session.deliver(ServerFrame.Ok.saying(anon.id(), howStrangersSee(chatter)));
            return;
        }
        Chatter.Account account = requireAccount(chatter);
        boolean wanted = anon.anon();
        begin(session, () -> accounts.setAnon(account.id(), wanted, (ignored, error) -> {
            end(session, anon.id(), error, () -> {
                for (Chatter device : online.devices(account.id())) {
                    boolean changed = device.anon() != wanted;
                    device.anon(wanted);
                    if (changed && device != chatter) {
                        device.send(new ServerFrame.Anon(wanted));
                    }
                }
                String when = chatter.currentConversationId() == null ? ""
                        : "; your current chat keeps the name it began with";
                session.deliver(ServerFrame.Ok.saying(anon.id(), "from your next random chat, "
                        + howStrangersSee(chatter) + when));
            });
        }));
    }

    /** What strangers in random chats see for the chatter, and how to change it, in a sentence. */
    private static String howStrangersSee(Chatter chatter) {
        if (!chatter.isLoggedIn()) {
            return "strangers see your guest handle, " + chatter.guestHandle()
                    + "; log in to meet them as your account name";
        }
        if (chatter.meetsStrangersByName()) {
            return "strangers see your account name, " + chatter.account().name() + " (/anon on hides it)";
        }
        if (chatter.anon()) {
            return "strangers see a handle that does not tell who you are (/anon off shows your account name)";
        }
        return "strangers see a handle that does not tell who you are, since you are hidden (/visible on shows"
                + " them your account name)";
    }

    private void logout(Session session, ClientFrame.Logout logout, Chatter.Account account) {
        Chatter chatter = session.chatter();
        boolean everywhere = Boolean.TRUE.equals(logout.everywhere());
        String tokenHash = chatter.sessionTokenHash();
        begin(session, () -> accounts.logout(account.id(), tokenHash, everywhere,
                (ignored, error) -> {
                    end(session, logout.id(), error, () -> {
                        if (everywhere) {
                            disconnectDevices(account.id(), chatter, CloseReason.LOGGED_OUT);
                        } else {
                            disconnectSharers(account.id(), chatter, tokenHash);
                        }
                        logOut(session);
                        session.deliver(new ServerFrame.LoggedOut(logout.id(), chatter.handle()));
                    });
                }));
    }

    private void changePassword(Session session, ClientFrame.ChangePassword change, Chatter.Account account) {
        Chatter chatter = session.chatter();
        begin(session, () -> accounts.changePassword(account.id(), chatter.sessionTokenHash(), change.oldPassword(),
                change.newPassword(), address(session), (epoch, error) -> {
                    end(session, change.id(), error, () -> {
                        chatter.sessionEpoch(epoch);
                        disconnectDevices(account.id(), chatter, CloseReason.PASSWORD_CHANGED);
                        session.deliver(ServerFrame.Ok.saying(change.id(),
                                "password changed; your other devices were logged out"));
                    });
                }));
    }

    private void resetPassword(Session session, ClientFrame.ResetPassword reset) {
        Chatter chatter = session.chatter();
        begin(session, () -> accounts.resetPassword(reset.name(), reset.code(), reset.newPassword(),
                address(session), (accountId, error) -> {
                    end(session, reset.id(), error, () -> {
                        if (reset.newPassword() == null) {
                            session.deliver(ServerFrame.Ok.saying(reset.id(), "that recovery code is valid"));
                            return;
                        }
                        disconnectDevices(accountId, chatter, CloseReason.PASSWORD_RESET);
                        if (chatter.isLoggedIn() && chatter.account().id() == accountId) {
                            logOut(session);
                        }
                        session.deliver(ServerFrame.Ok.saying(reset.id(),
                                "password reset; log in with the new password"));
                    });
                }));
    }

    private void deleteAccount(Session session, ClientFrame.DeleteAccount delete, Chatter.Account account) {
        begin(session, () -> accounts.deleteAccount(account.id(), delete.password(), address(session),
                (ignored, error) -> {
            end(session, delete.id(), error, () -> {
                session.deliver(ServerFrame.Ok.saying(delete.id(),
                        "account " + account.name() + " and its data are deleted"));
                disconnectDevices(account.id(), null, CloseReason.ACCOUNT_DELETED);
                rooms.accountDeleted(account.id(), account.name());
            });
        }));
    }

    /** Forgets a connection that closed. */
    void closed(Session session) {
        online.remove(session.chatter());
    }

    private void loggedIn(Session session, String requestId, AccountService.Login login, ChatException error) {
        end(session, requestId, error, () -> applyLogin(session, requestId, login));
    }

    private void applyLogin(Session session, String requestId, AccountService.Login login) {
        Chatter chatter = session.chatter();
        chatter.logIn(new Chatter.Account(login.accountId(), login.name()), login.tokenHash(), login.sessionEpoch());
        chatter.blockedAccounts(login.blockedAccounts());
        chatter.avoidedAccounts(login.avoidedAccounts());
        chatter.visible(login.visible());
        chatter.anon(login.anon());
        guests.loggedIn(chatter);
        online.add(chatter);
        LOG.info(() -> LogText.quote(login.name()) + " logged in on " + session.connection());
        session.deliver(new ServerFrame.LoggedIn(requestId, login.name(), login.token(), login.expires(),
                login.recoveryCodes(), login.visible(), login.anon()));
        onLogin.accept(session);
    }

    private void logOut(Session session) {
        Chatter chatter = session.chatter();
        long accountId = chatter.account().id();
        online.remove(chatter);
        chatter.logOut();
        guests.loggedOut(chatter);
        rooms.loggedOut(chatter, accountId);
    }

    /** Closes every connection of the account except {@code keep}, saying why. */
    private void disconnectDevices(long accountId, Chatter keep, CloseReason reason) {
        for (Chatter device : online.devices(accountId)) {
            if (device != keep) {
                online.remove(device);
                device.disconnect(reason.wireName(), reason.description());
            }
        }
    }

    /**
     * Closes the account's other connections that resumed with the token {@code keep} just logged out: it was their
     * login too.
     */
    private void disconnectSharers(long accountId, Chatter keep, String tokenHash) {
        for (Chatter device : online.devices(accountId)) {
            if (device != keep && tokenHash.equals(device.sessionTokenHash())) {
                online.remove(device);
                device.disconnect(CloseReason.LOGGED_OUT.wireName(), SHARED_LOGIN_ENDED);
            }
        }
    }

    /**
     * Starts {@code request}, which keeps the connection's request in flight until {@link #end}; if it fails before
     * it gets going (a bad name, say), it ends here.
     */
    private static void begin(Session session, Runnable request) {
        session.accountRequestStarted();
        try {
            request.run();
        } catch (RuntimeException e) {
            session.accountRequestEnded();
            throw e;
        }
    }

    /**
     * Ends a request: answers an error if there is one, else runs {@code onSuccess} (which answers). Only then is the
     * connection's next request taken. Nothing is answered when the connection is gone.
     */
    private static void end(Session session, String requestId, ChatException error, Runnable onSuccess) {
        try {
            if (!session.isOpen()) {
                return;
            }
            if (error != null) {
                session.deliver(new ServerFrame.Error(requestId, error.code(), error.getMessage(),
                        error.retryAfterSeconds()));
                return;
            }
            onSuccess.run();
        } finally {
            session.accountRequestEnded();
        }
    }

    private static void requireGuest(Chatter chatter) {
        if (chatter.isLoggedIn()) {
            throw new ChatException(ErrorCode.ALREADY_LOGGED_IN,
                    "you are logged in as " + chatter.handle() + "; /logout first");
        }
    }

    private static Chatter.Account requireAccount(Chatter chatter) {
        if (!chatter.isLoggedIn()) {
            throw new ChatException(ErrorCode.NOT_LOGGED_IN, "log in first (/login NAME PASSWORD)");
        }
        return chatter.account();
    }

    /** The client's address as limits count it: an IPv6 address by its /64 (see {@code AddressKey}). */
    private static String address(Session session) {
        return session.chatter().address();
    }
}
