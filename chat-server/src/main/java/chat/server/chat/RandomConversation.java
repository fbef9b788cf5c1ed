package chat.server.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A chat among strangers matched by the {@link PairingQueue}: two people, or a group of up to eight. It lives only
 * in memory and is never stored. Its id starts with {@code ~}. Each member keeps, for the whole chat, the handle it
 * had when the chat began: logging in or out meanwhile changes nothing the others see.
 */
final class RandomConversation {

    /** Conversation ids of random chats start with this character. */
    static final char ID_PREFIX = '~';

    private final String id;
    private final List<Chatter> members;
    /** Everyone matched, and the handle each had then: a group has at most eight, so a scan beats a map. */
    private final Chatter[] matched;
    private final String[] handles;
    private final Transcript transcript = new Transcript();
    /** The id of the last message from another node added to the transcript (each member here hears it). */
    private String lastHeardId;
    /** Who asked to keep the chat; empty (and shared) until someone does. */
    private Set<Chatter> wantToKeep = Set.of();

    RandomConversation(String id, List<Chatter> members) {
        this.id = id;
        this.members = new ArrayList<>(members);
        this.matched = members.toArray(new Chatter[0]);
        this.handles = new String[matched.length];
        for (int i = 0; i < matched.length; i++) {
            handles[i] = matched[i].strangerHandle();
        }
    }

    /** The last lines said, kept as evidence for a report. */
    Transcript transcript() {
        return transcript;
    }

    /** Keeps a message said on another node in the transcript, once however many members here hear it. */
    void heard(chat.core.wire.ServerFrame.Message message) {
        String heardId = message.from() + ' ' + message.id(); // ids are counted per node
        if (!heardId.equals(lastHeardId)) {
            lastHeardId = heardId;
            transcript.add(message.ts(), message.from(), message.text());
        }
    }

    /** The stand-in of the member on another node known there by {@code key}, whether or not it left; or null. */
    Chatter memberElsewhere(String key) {
        for (Chatter member : matched) {
            if (key.equals(member.elsewhere())) {
                return member;
            }
        }
        return null;
    }

    /** Records that {@code chatter} wants to keep the conversation; true when everyone in it does now. */
    boolean wantsToKeep(Chatter chatter) {
        if (wantToKeep.isEmpty()) {
            wantToKeep = new HashSet<>(2);
        }
        wantToKeep.add(chatter);
        return wantToKeep.containsAll(members);
    }

    String id() {
        return id;
    }

    /** The handle the others see for {@code member} in this chat. */
    String handleOf(Chatter member) {
        for (int i = 0; i < matched.length; i++) {
            if (matched[i] == member) {
                return handles[i];
            }
        }
        return null;
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
        if (!wantToKeep.isEmpty()) {
            wantToKeep.remove(chatter);
        }
    }
}
