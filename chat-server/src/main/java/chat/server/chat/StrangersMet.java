package chat.server.chat;

import chat.core.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The strangers a chatter met in its recent random chats, as a report or a block names them: by the handle it saw,
 * or by the chat. What it answers about a partner's account goes to the operator, never to the one who asks. Loop
 * thread only.
 */
public final class StrangersMet {

    private final LongSupplier wallClockMillis;

    StrangersMet(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * For a report: the last lines of random chat {@code conv} and who the chatter met in it, for the operator. The
     * chat may have ended within the last hour; without {@code conv} it is the current chat, else the last one.
     */
    public Evidence inChat(Chatter chatter, String conv) {
        long now = wallClockMillis.getAsLong();
        String wanted = conv != null ? conv : chatter.conversation != null ? chatter.conversation.id()
                : chatter.recentPartners.latestConversation(now);
        if (wanted == null) {
            throw new ChatException(ErrorCode.NO_CONVERSATION, "you have not chatted with a stranger lately");
        }
        List<RecentPartners.Partner> partners = chatter.recentPartners.inConversation(wanted, now);
        if (partners.isEmpty()) {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "you are not in conversation " + wanted);
        }
        return evidence(partners);
    }

    /** For a report: the stranger who had {@code handle} in one of the chatter's recent random chats. */
    public Evidence about(Chatter chatter, String handle) {
        return evidence(List.of(partner(chatter, handle)));
    }

    private static Evidence evidence(List<RecentPartners.Partner> partners) {
        List<String> reported = new ArrayList<>(partners.size());
        for (RecentPartners.Partner partner : partners) {
            Chatter.Account account = partner.account();
            reported.add(partner.handle() + (account != null ? " (account " + account.name() + ")" : " (guest)"));
        }
        RecentPartners.Partner first = partners.get(0);
        return new Evidence(first.conv(), String.join(", ", reported), first.transcript().lines());
    }

    /** What a report about a random chat keeps. */
    public record Evidence(String conv, String reported, List<String> lines) {
    }

    /**
     * The stranger who had {@code handle} in the chatter's current or recent random chats. The refusal reads the
     * same whether or not someone else holds that handle now.
     */
    RecentPartners.Partner partner(Chatter chatter, String handle) {
        RecentPartners.Partner partner = chatter.recentPartners.byHandle(handle, wallClockMillis.getAsLong());
        if (partner == null) {
            throw new ChatException(ErrorCode.UNKNOWN_USER, "you have not chatted with " + handle
                    + " in the last hour");
        }
        return partner;
    }

    /** Whether one of the chatter's current or recent partners was shown to it as {@code name}. */
    public boolean metLately(Chatter chatter, String name) {
        return chatter.recentPartners.byHandle(name, wallClockMillis.getAsLong()) != null;
    }
}
