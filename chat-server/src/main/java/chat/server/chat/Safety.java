package chat.server.chat;

import chat.core.model.UserName;
import chat.core.wire.ErrorCode;
import chat.server.store.AccountStore;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import chat.server.store.StrangerBlocks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Blocks and reports.
 *
 * <p>A block by account name works both ways: neither side can message the other or see the other in rooms, and the
 * random matcher never puts them together again. An account's is stored and listed by name; a guest's is kept by
 * name for its connection. It ends a random chat with a stranger who showed the blocker that name (the stranger
 * chose to be known by it), and no other: ending a chat with a stranger met under a handle would tell the blocker
 * which stranger had that account.
 *
 * <p>A stranger is blocked by the handle it had in a random chat, and only a stranger the blocker met itself, in its
 * current or recent chats ({@link RecentPartners}): the chat ends and the matcher keeps the two apart, for the
 * blocker's connection and, when the blocker is logged in, for good (stored, and listed by the handle). Whose account
 * it was stays unknown to the blocker: the answer, its timing and the list read the same for a guest and for an
 * account, and such a block does not refuse direct messages, since a refusal would name the account. Only when both
 * kept the chat (and so know each other's names) is a block by handle a block by name. Loop thread only.
 */
public final class Safety {

    /** The accounts kept apart from each account a lifted block was about, after it was lifted. */
    private record Lifted(Set<Long> mine, Map<Long, Set<Long>> theirs) {
    }

    /** An account's blocks as its devices hold them: by name either way, and through strangers' handles. */
    private record Blocks(Set<Long> byName, Set<Long> avoided) {
    }

    private final Store store;
    private final OnlineUsers online;
    private final RandomChat randomChat;
    private final NameLookups lookups;
    private final LongSupplier clock;

    public Safety(Store store, OnlineUsers online, RandomChat randomChat, NameLookups lookups, LongSupplier clock) {
        this.store = store;
        this.online = online;
        this.randomChat = randomChat;
        this.lookups = lookups;
        this.clock = clock;
        online.onBlocksChangedElsewhere(this::reloadBlocks);
    }

    /**
     * Blocks {@code name}: a stranger's handle or an account name. Answers with what to tell the blocker. A block by
     * the account name a stranger showed in the blocker's random chat ends that chat too.
     */
    public void block(Chatter blocker, String name, Reply<String> given) {
        if (GuestHandles.isHandle(name)) {
            blockStranger(blocker, randomChat.met().partner(blocker, name), (done, error) -> {
                if (error == null) {
                    randomChat.blocksChanged(blocker);
                }
                given.done(done, error);
            });
            return;
        }
        Reply<String> reply = (done, error) -> {
            if (error == null) {
                randomChat.separateNamed(blocker, name);
                randomChat.blocksChanged(blocker);
            }
            given.done(done, error);
        };
        if (!blocker.isLoggedIn()) {
            // The same answer whether the account is online, hidden, offline or not there: a guest's block is
            // kept by name for its session and reaches the account whenever it is online.
            if (UserName.problemWith(name) != null) {
                throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
            }
            blocker.blockName(new UserName(name).key());
            reply.done(blockedByName(name), null);
            return;
        }
        Chatter.Account me = blocker.account();
        if (UserName.problemWith(name) != null) {
            throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
        }
        String key = new UserName(name).key();
        lookups.admit(blocker, key);
        store.submit(LiveLogin.guard(blocker, c -> AccountStore.findByName(c, key)), (account, error) -> {
            if (error != null) {
                reply.fail(error);
            } else if (account == null) {
                reply.done(null, new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name));
            } else if (account.id() == me.id()) {
                reply.done(null, new ChatException(ErrorCode.BAD_ARGUMENTS, "you cannot block yourself"));
            } else {
                blockByName(blocker, account.id(), account.name(), reply);
            }
        });
    }

    /** Lifts the blocker's own block of {@code name}: a handle it blocked a stranger by, or an account name. */
    public void unblock(Chatter blocker, String name, Reply<String> given) {
        Reply<String> reply = (done, error) -> {
            if (error == null) {
                randomChat.blocksChanged(blocker);
            }
            given.done(done, error);
        };
        if (GuestHandles.isHandle(name)) {
            unblockStranger(blocker, name.toLowerCase(Locale.ROOT), reply);
            return;
        }
        if (!blocker.isLoggedIn()) {
            blocker.unblockName(name.toLowerCase(Locale.ROOT));
            reply.done("you no longer block " + name, null);
            return;
        }
        long me = blocker.account().id();
        String key = name.toLowerCase(Locale.ROOT);
        store.submit(LiveLogin.guard(blocker, c -> {
            AccountStore.Account account = AccountStore.findByName(c, key);
            if (account == null) {
                return null;
            }
            ConversationStore.unblock(c, me, account.id());
            return new Lifted(ConversationStore.blockedEitherWay(c, me),
                    Map.of(account.id(), ConversationStore.blockedEitherWay(c, account.id())));
        }), (lifted, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            if (lifted != null) {
                online.devices(me).forEach(device -> device.blockedAccounts(lifted.mine()));
                lifted.theirs().forEach((account, theirs) -> online.devices(account)
                        .forEach(device -> device.blockedAccounts(theirs)));
                changed(me);
                lifted.theirs().keySet().forEach(this::changed);
            }
            reply.done("you no longer block " + name, null);
        });
    }

    /**
     * A slice of what the chatter's account blocks: account names it blocked by name, then the handles of strangers
     * it blocked in random chats. A guest's blocks last for its connection and are not listed.
     */
    public void blocks(Chatter chatter, int offset, int limit, Reply<ConversationStore.Slice<String>> reply) {
        if (!chatter.isLoggedIn()) {
            reply.done(new ConversationStore.Slice<>(List.of(), 0), null);
            return;
        }
        long me = chatter.account().id();
        store.read(LiveLogin.guard(chatter, c -> ConversationStore.blockedNames(c, me, offset, limit)),
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

    private void blockStranger(Chatter blocker, RecentPartners.Partner partner, Reply<String> reply) {
        Chatter.Account theirs = partner.account();
        if (partner.kept() && blocker.isLoggedIn() && theirs != null) {
            blockByName(blocker, theirs.id(), theirs.name(), reply); // they told each other their names
            return;
        }
        blocker.blockChatter(partner.chatterId(), partner.elsewhere(), partner.handle());
        if (partner.live() != null) {
            randomChat.separate(blocker, partner.live());
        }
        String done = "you block " + partner.handle() + ": you will not be matched again";
        if (!blocker.isLoggedIn()) {
            reply.done(done, null);
            return;
        }
        long me = blocker.account().id();
        Long blocked = theirs == null ? null : theirs.id();
        long now = clock.getAsLong();
        // Stored whether the stranger was a guest or not: the answer's timing and the list must not tell.
        store.submit(LiveLogin.guard(blocker, c -> {
            StrangerBlocks.add(c, me, blocked, partner.handle(), now);
            return null;
        }), (ignored, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            if (blocked != null) {
                online.devices(me).forEach(device -> device.avoidedAccountsAdd(blocked));
                online.devices(blocked).forEach(device -> device.avoidedAccountsAdd(me));
                changed(me);
                changed(blocked);
            }
            reply.done(done, null);
        });
    }

    private void unblockStranger(Chatter blocker, String handle, Reply<String> reply) {
        blocker.unblockChatters(handle);
        String done = "you no longer block " + handle;
        if (!blocker.isLoggedIn()) {
            reply.done(done, null);
            return;
        }
        long me = blocker.account().id();
        store.submit(LiveLogin.guard(blocker, c -> {
            Map<Long, Set<Long>> theirs = new HashMap<>();
            for (long account : StrangerBlocks.remove(c, me, handle)) {
                theirs.put(account, StrangerBlocks.eitherWay(c, account));
            }
            return new Lifted(StrangerBlocks.eitherWay(c, me), theirs);
        }), (lifted, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            online.devices(me).forEach(device -> device.avoidedAccounts(lifted.mine()));
            lifted.theirs().forEach((account, avoided) -> online.devices(account)
                    .forEach(device -> device.avoidedAccounts(avoided)));
            changed(me);
            lifted.theirs().keySet().forEach(this::changed);
            reply.done(done, null);
        });
    }

    private void blockByName(Chatter blocker, long blockedId, String name, Reply<String> reply) {
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
            online.devices(me).forEach(device -> device.blockedAccountsAdd(Set.of(blockedId)));
            online.devices(blockedId).forEach(device -> device.blockedAccountsAdd(Set.of(me)));
            changed(me);
            changed(blockedId);
            reply.done(blockedByName(name), null);
        });
    }

    /**
     * The blocks of {@code accountId} changed (its devices here know already): its devices waiting here for a
     * stranger take them to the queue, and the other nodes are told.
     */
    private void changed(long accountId) {
        online.devices(accountId).forEach(randomChat::blocksChanged);
        online.blocksChanged(accountId);
    }

    /** Another node changed the blocks of {@code accountId}: its devices here read them again from the store. */
    private void reloadBlocks(long accountId) {
        if (online.devices(accountId).isEmpty()) {
            return;
        }
        store.read(c -> new Blocks(ConversationStore.blockedEitherWay(c, accountId),
                StrangerBlocks.eitherWay(c, accountId)), (blocks, error) -> {
                    if (error != null) {
                        return; // they read them again at their next login
                    }
                    for (Chatter device : online.devices(accountId)) {
                        device.blockedAccounts(blocks.byName());
                        device.avoidedAccounts(blocks.avoided());
                        randomChat.blocksChanged(device);
                    }
                });
    }

    private static String blockedByName(String name) {
        return "you block " + name + ": no messages either way, and you will not be matched again";
    }
}
