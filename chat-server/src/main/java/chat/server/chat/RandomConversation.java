package chat.server.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A chat among strangers matched by the {@link PairingQueue}: two people, or a group of up to eight. It lives only
 * in memory and is never stored. Its id starts with {@code ~}.
 */
final class RandomConversation {

    /** Conversation ids of random chats start with this character. */
    static final char ID_PREFIX = '~';

    /** Lines kept in memory as evidence for a report; never stored otherwise. */
    static final int EVIDENCE_LINES = 20;

    private final String id;
    private final List<Chatter> members;
    private final ArrayDeque<String> recentLines = new ArrayDeque<>(EVIDENCE_LINES);
    private final Set<Chatter> wantToKeep = new HashSet<>(2);

    RandomConversation(String id, List<Chatter> members) {
        this.id = id;
        this.members = new ArrayList<>(members);
    }

    /** Remembers a line for a possible report, dropping the oldest beyond {@link #EVIDENCE_LINES}. */
    void remember(String line) {
        if (recentLines.size() == EVIDENCE_LINES) {
            recentLines.removeFirst();
        }
        recentLines.addLast(line);
    }

    /** The last lines said, oldest first. */
    List<String> recentLines() {
        return List.copyOf(recentLines);
    }

    /** Records that {@code chatter} wants to keep the conversation; true when everyone in it does now. */
    boolean wantsToKeep(Chatter chatter) {
        wantToKeep.add(chatter);
        return wantToKeep.containsAll(members);
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
        wantToKeep.remove(chatter);
    }
}
