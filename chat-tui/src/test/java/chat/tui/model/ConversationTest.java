package chat.tui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A conversation's log shows each stored message once, in the order the server stored them. */
class ConversationTest {

    private static LogLine message(String id, String text) {
        return LogLine.message(Long.parseLong(id), "bob", text).withMessageId(id);
    }

    private static List<String> texts(Conversation conversation) {
        return conversation.log().stream().map(LogLine::text).toList();
    }

    @Test
    void anOlderPageGoesAboveAndNothingShowsTwice() {
        Conversation room = new Conversation("#rust", "#rust");
        room.add(LogLine.event(1, "You joined #rust."));
        room.addMessage(message("20", "twenty"));
        room.addMessage(message("21", "twenty-one"));
        for (String id : List.of("18", "19", "20")) {
            room.addMessage(message(id, "m" + id)); // an older page that overlaps by one
        }
        assertThat(texts(room)).containsExactly("You joined #rust.", "m18", "m19", "twenty", "twenty-one");
        assertThat(room.addMessage(message("21", "again"))).isFalse();
        assertThat(room.oldestMessageId()).isEqualTo("18");
        assertThat(room.lastMessageId()).isEqualTo("21");
    }

    @Test
    void aCatchUpPageMergesWithLiveLinesAndAGapIsFollowed() {
        Conversation room = new Conversation("#rust", "#rust");
        room.addMessage(message("5", "five"));
        room.add(LogLine.event(6, "Reconnected."));
        room.addMessage(message("9", "nine")); // live, after the reconnect
        for (String id : List.of("7", "8", "9")) {
            room.addMessage(message(id, "m" + id));
        }
        assertThat(texts(room)).containsExactly("five", "Reconnected.", "m7", "m8", "nine");
        // a page of 7..9 with more before it, while 5 was the newest shown: 6 is missing, fetched before 7
        assertThat(room.missingBefore("7", true, "5", 20)).isEqualTo("7");
        assertThat(room.missingBefore("6", true, null, 20)).isEqualTo("6");
        assertThat(room.missingBefore("4", true, null, 20)).isNull(); // reached below what was shown: closed
        assertThat(room.missingBefore("30", false, "5", 20)).isNull(); // nothing older: no gap
    }

    @Test
    void aGapLongerThanItsPagesLeavesNoHoleAndScrollingBackFetchesWhatWasAboveIt() {
        Conversation room = new Conversation("#rust", "#rust");
        room.addMessage(message("1", "one"));
        room.addMessage(message("2", "two"));
        room.add(LogLine.event(3, "Reconnected."));
        for (String id : List.of("90", "91")) {
            room.addMessage(message(id, "m" + id)); // the newest page after a long absence
        }
        assertThat(room.missingBefore("90", true, "2", 2)).isEqualTo("90");
        for (String id : List.of("50", "51")) {
            room.addMessage(message(id, "m" + id));
        }
        assertThat(room.missingBefore("50", true, null, 2)).isEqualTo("50");
        for (String id : List.of("10", "11")) {
            room.addMessage(message(id, "m" + id)); // the last page the gap may take: 3..9 are still missing
        }
        assertThat(room.missingBefore("10", true, null, 2)).isNull();
        assertThat(texts(room)).containsExactly("m10", "m11", "m50", "m51", "m90", "m91");
        assertThat(room.oldestMessageId()).isEqualTo("10"); // scrolling back asks for what is before it
        assertThat(room.moreHistory()).isTrue();
        assertThat(room.addMessage(message("2", "two"))).isTrue(); // and it shows again, in its place
        assertThat(texts(room).get(0)).isEqualTo("two");
    }

    @Test
    void theHistoryOfAJoinGoesAboveTheJoinAndLiveLinesStayWhereTheyCame() {
        Conversation room = new Conversation("#rust", "#rust");
        room.add(LogLine.event(100, "You joined #rust."));
        for (String id : List.of("40", "41")) {
            room.addFromHistory(message(id, "m" + id)); // said before the join: above it
        }
        room.addMessage(message("120", "live")); // said after it
        room.add(LogLine.event(130, "Reconnected."));
        room.addFromHistory(message("125", "missed")); // said before the reconnect, fetched after it
        assertThat(texts(room)).containsExactly("m40", "m41", "You joined #rust.", "live", "missed",
                "Reconnected.");
    }

    @Test
    void anOwnLineTakesItsStoredIdOrGoesWhenItShowsAlready() {
        Conversation room = new Conversation("#rust", "#rust");
        room.add(LogLine.own(1, "alice", "mine", "req-1"));
        room.confirm("req-1", "40");
        assertThat(room.addMessage(message("40", "mine"))).isFalse();
        room.add(LogLine.own(2, "alice", "second", "req-2"));
        room.addMessage(message("41", "second")); // came back in a page before the answer
        room.confirm("req-2", "41");
        assertThat(texts(room)).containsExactly("mine", "second");
    }
}
