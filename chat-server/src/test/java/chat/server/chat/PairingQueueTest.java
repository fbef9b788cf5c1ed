package chat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ServerFrame;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** The pairing queue's rules on its own: fairness, interests and their fall-back, groups, its bounded scan. */
class PairingQueueTest {

    private static final long FALLBACK = 1_000;

    private final Set<Set<Chatter>> apart = new HashSet<>();
    private BiPredicate<Chatter, Chatter> keptApart = (a, b) -> apart.contains(Set.of(a, b));
    private final PairingQueue queue = new PairingQueue((a, b) -> keptApart.test(a, b), FALLBACK);
    private long ids;

    private Chatter chatter(String... interests) {
        long id = ++ids;
        Chatter chatter = new Chatter(id, "guest-" + id, "127.0.0.1", new Outbox() {
            @Override
            public void deliver(ServerFrame frame) {
            }

            @Override
            public void disconnect(ServerFrame.Bye bye) {
            }
        });
        chatter.interests = Set.of(interests);
        return chatter;
    }

    @Test
    void theLongestWaitingOneTheNewcomerMayMeetIsChosen() {
        Chatter first = chatter();
        Chatter second = chatter();
        apart.add(Set.of(first, second));
        assertThat(queue.enqueue(first, 2, 10)).isNull();
        assertThat(queue.enqueue(second, 2, 20)).isNull();
        Chatter third = chatter();
        assertThat(queue.enqueue(third, 2, 30)).containsExactly(first, third);
        assertThat(queue.waiting(2)).isEqualTo(1);
    }

    @Test
    void interestsAreHeldOutForThenAnyoneOpenWillDo() {
        Chatter music = chatter("music", "films");
        Chatter chess = chatter("chess");
        Chatter plain = chatter();
        assertThat(queue.enqueue(music, 2, 0)).isNull();
        assertThat(queue.enqueue(chess, 2, 10)).isNull();
        assertThat(queue.enqueue(plain, 2, 20)).isNull(); // the others hold out for their interests
        assertThat(queue.waiting(2)).isEqualTo(3);

        Chatter alsoChess = chatter("chess");
        assertThat(queue.enqueue(alsoChess, 2, 30)).containsExactly(chess, alsoChess);

        assertThat(queue.nextOpeningNanos()).isEqualTo(FALLBACK);
        assertThat(queue.openDue(FALLBACK - 1)).isEmpty();
        assertThat(queue.openDue(FALLBACK)).containsExactly(List.of(plain, music));
        assertThat(queue.waiting(2)).isZero();
        assertThat(queue.nextOpeningNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void askingAgainWithOtherInterestsLeavesTheOldOnesBehind() {
        Chatter changes = chatter("music");
        queue.enqueue(changes, 2, 0);
        queue.remove(changes);
        changes.interests = Set.of("chess");
        queue.enqueue(changes, 2, 10);
        Chatter music = chatter("music");
        assertThat(queue.enqueue(music, 2, 20)).isNull();
        Chatter chess = chatter("chess");
        assertThat(queue.enqueue(chess, 2, 30)).containsExactly(changes, chess);
        // The entry of the first wait is stale: only music opens, and has nobody to meet.
        assertThat(queue.openDue(FALLBACK + 20)).isEmpty();
        assertThat(queue.waiting(2)).isEqualTo(1);
    }

    @Test
    void aGroupMeetsPairwiseAndWhatKeptApartCanBeRetried() {
        Chatter a = chatter();
        Chatter b = chatter();
        Chatter c = chatter();
        apart.add(Set.of(a, c));
        queue.enqueue(a, 3, 0);
        queue.enqueue(b, 3, 1);
        assertThat(queue.enqueue(c, 3, 2)).isNull(); // c may not meet a
        Chatter d = chatter();
        assertThat(queue.enqueue(d, 3, 3)).containsExactly(a, b, d);
        Chatter e = chatter();
        apart.add(Set.of(c, e));
        assertThat(queue.enqueue(e, 2, 4)).isNull(); // another line
        Chatter f = chatter();
        apart.add(Set.of(c, f));
        assertThat(queue.enqueue(f, 3, 5)).isNull();
        Chatter g = chatter();
        assertThat(queue.enqueue(g, 3, 6)).isNull(); // g meets c and f, but c and f may not meet
        apart.clear();
        assertThat(queue.retry(c)).containsExactly(f, g, c);
        assertThat(queue.waiting(3)).isZero();
    }

    @Test
    void aNewcomerLooksAtABoundedNumberOfWaiters() {
        Set<Chatter> loners = new HashSet<>();
        keptApart = (a, b) -> loners.contains(a) && loners.contains(b);
        Chatter first = null;
        for (int i = 0; i < PairingQueue.SCAN_LIMIT; i++) {
            Chatter loner = chatter();
            loners.add(loner);
            first = first == null ? loner : first;
            assertThat(queue.enqueue(loner, 2, i)).isNull();
        }
        Chatter beyondTheWindow = chatter();
        loners.add(beyondTheWindow);
        assertThat(queue.enqueue(beyondTheWindow, 2, 200)).isNull();
        Chatter lonerToo = chatter();
        loners.add(lonerToo);
        // lonerToo may meet only beyondTheWindow, the newest waiter, past the window it looks at.
        keptApart = (a, b) -> loners.contains(a) && loners.contains(b) && !Set.of(a, b).equals(Set.of(lonerToo,
                beyondTheWindow));
        assertThat(queue.enqueue(lonerToo, 2, 300)).isNull();
        // Tried again from the other side, the window starts at the oldest waiter all the same.
        assertThat(queue.retry(beyondTheWindow)).isNull();
        queue.remove(first);
        assertThat(queue.retry(lonerToo)).containsExactly(beyondTheWindow, lonerToo);
        assertThat(queue.waiting(2)).isEqualTo(PairingQueue.SCAN_LIMIT - 1);
    }
}
