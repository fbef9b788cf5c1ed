package chat.server.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A chat among strangers matched by the {@link PairingQueue}: two people, or a group of up to eight. It lives only
 * in memory and is never stored. Its id starts with {@code ~}.
 */
final class RandomConversation {

    /** Conversation ids of random chats start with this character. */
    static final char ID_PREFIX = '~';

    private final String id;
    private final List<Chatter> members;

    RandomConversation(String id, List<Chatter> members) {
        this.id = id;
        this.members = new ArrayList<>(members);
    }

    String id() {
        return id;
    }

    /** The members still in the conversation, in the order they were matched. */
    List<Chatter> members() {
        return members;
    }

    /** The members other than {@code chatter}. */
    List<Chatter> othersThan(Chatter chatter) {
        List<Chatter> others = new ArrayList<>(members.size() - 1);
        for (Chatter member : members) {
            if (member != chatter) {
                others.add(member);
            }
        }
        return others;
    }

    void remove(Chatter chatter) {
        members.remove(chatter);
    }
}
