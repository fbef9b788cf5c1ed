package chat.server.chat;

import chat.core.model.UserName;
import chat.core.wire.ErrorCode;
import chat.server.store.AccountStore;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Blocks and reports. A block works both ways: neither side can message the other, and the random matcher never
 * puts them together again. For accounts it is stored and lasts; a guest's blocks last for its connection. A stranger
 * is blocked by the handle shown in the random chat; if that stranger is logged in, the block reaches its account
 * (without telling the blocker who it was). Loop thread only.
 */
public final class Safety {

    /** The blocks that stand between two accounts after one lifted its own. */
    private record Unblocked(long accountId, Set<Long> mine, Set<Long> theirs) {
    }

    private final Store store;
    private final OnlineUsers online;
    private final GuestHandles guests;
    private final RandomChat randomChat;
    private final LongSupplier clock;

    public Safety(Store store, OnlineUsers online, GuestHandles guests, RandomChat randomChat, LongSupplier clock) {
        this.store = store;
        this.online = online;
        this.guests = guests;
        this.randomChat = randomChat;
        this.clock = clock;
    }

    /** Blocks {@code name}: a stranger's handle or an account name. */
    public void block(Chatter blocker, String name, Reply<String> reply) {
        Chatter stranger = guests.find(name);
        if (stranger != null && stranger != blocker) {
            blocker.blockEachOther(stranger);
            randomChat.separate(blocker, stranger);
            if (blocker.isLoggedIn() && stranger.isLoggedIn()) {
                persist(blocker, stranger.account().id(), name, reply);
            } else {
                reply.done(name, null);
            }
            return;
        }
        if (!blocker.isLoggedIn()) {
            // The same answer whether the account is online, hidden, offline or not there: a guest's block is
            // kept by name for its session and reaches the account whenever it is online.
            if (UserName.problemWith(name) != null) {
                throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
            }
            blocker.blockName(new UserName(name).key());
            for (Chatter device : online.devicesByName(name)) {
                blocker.blockEachOther(device);
            }
            reply.done(name, null);
            return;
        }
        if (UserName.problemWith(name) != null) {
            throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
        }
        String key = new UserName(name).key();
        store.submit(c -> AccountStore.findByName(c, key), (account, error) -> {
            if (error != null) {
                reply.fail(error);
            } else if (account == null) {
                reply.done(null, new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name));
            } else if (account.id() == blocker.account().id()) {
                reply.done(null, new ChatException(ErrorCode.BAD_ARGUMENTS, "you cannot block yourself"));
            } else {
                persist(blocker, account.id(), account.name(), reply);
            }
        });
    }

    /** Lifts the blocker's own block of {@code name}. */
    public void unblock(Chatter blocker, String name, Reply<String> reply) {
        Chatter stranger = guests.find(name);
        if (stranger != null) {
            blocker.unblockEachOther(stranger);
        }
        if (!blocker.isLoggedIn()) {
            for (Chatter device : online.devicesByName(name)) {
                blocker.unblockEachOther(device);
            }
            blocker.unblockName(name.toLowerCase(Locale.ROOT));
            reply.done(name, null);
            return;
        }
        long me = blocker.account().id();
        String key = (stranger != null && stranger.isLoggedIn() ? stranger.account().name() : name)
                .toLowerCase(Locale.ROOT);
        store.submit(LiveLogin.guard(blocker, c -> {
            AccountStore.Account account = AccountStore.findByName(c, key);
            if (account != null) {
                ConversationStore.unblock(c, me, account.id());
                return new Unblocked(account.id(), ConversationStore.blockedEitherWay(c, me),
                        ConversationStore.blockedEitherWay(c, account.id()));
            }
            return null;
        }), (unblocked, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            if (unblocked != null) {
                online.devices(me).forEach(device -> device.blockedAccounts(unblocked.mine()));
                online.devices(unblocked.accountId()).forEach(device -> device.blockedAccounts(unblocked.theirs()));
            }
            reply.done(name, null);
        });
    }

    /** A slice of the names the chatter's account blocks (accounts only; a guest's session blocks are not listed). */
    public void blocks(Chatter chatter, int offset, int limit, Reply<ConversationStore.Slice<String>> reply) {
        if (!chatter.isLoggedIn()) {
            reply.done(new ConversationStore.Slice<>(List.of(), 0), null);
            return;
        }
        long me = chatter.account().id();
        store.submit(LiveLogin.guard(chatter, c -> ConversationStore.blockedNames(c, me, offset, limit)),
                reply.asCallback());
    }

    /** Stores a report with its evidence for the operator. */
    public void report(Chatter reporter, String conversation, String reported, List<String> evidence, String reason,
            Reply<Long> reply) {
        String who = reporter.handle() + (reporter.isLoggedIn() ? "" : " (guest)");
        long now = clock.getAsLong();
        String text = String.join("\n", evidence);
        String why = reason == null || reason.isBlank() ? "(no reason given)" : reason;
        store.submit(LiveLogin.guard(reporter, c -> ConversationStore.insertReport(c, who, reported, conversation, why,
                text, now)), reply.asCallback());
    }

    private void persist(Chatter blocker, long blockedId, String shownName, Reply<String> reply) {
        long me = blocker.account().id();
        long now = clock.getAsLong();
        store.submit(LiveLogin.guard(blocker, c -> {
            ConversationStore.block(c, me, blockedId, now);
            return null;
        }), (ignored, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            List<Chatter> theirs = online.devices(blockedId);
            for (Chatter device : online.devices(me)) {
                device.blockedAccountsAdd(Set.of(blockedId));
                for (Chatter other : theirs) {
                    randomChat.separate(device, other);
                }
            }
            for (Chatter other : theirs) {
                other.blockedAccountsAdd(Set.of(me));
            }
            reply.done(shownName, null);
        });
    }
}
