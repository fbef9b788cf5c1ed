package chat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The transcript keeps its lines in a character ring: whatever the sizes and however often the ring wraps and grows,
 * a report reads the same last lines, within the same bounds, as a plain list of lines would give.
 */
class TranscriptTest {

    /** The plain list: what the transcript must read like. */
    private static final class Reference {
        final ArrayDeque<String[]> lines = new ArrayDeque<>();
        int chars;

        void add(long at, String from, String said) {
            boolean cut = said.length() > Transcript.MAX_LINE_CHARS;
            String kept = said;
            if (cut) {
                int end = Character.isHighSurrogate(said.charAt(Transcript.MAX_LINE_CHARS - 1))
                        ? Transcript.MAX_LINE_CHARS - 1 : Transcript.MAX_LINE_CHARS;
                kept = said.substring(0, end);
            }
            lines.addLast(new String[] {Instant.ofEpochMilli(at) + " <" + from + "> " + kept + (cut ? " [cut]" : ""),
                Integer.toString(kept.length())});
            chars += kept.length();
            while (lines.size() > Transcript.MAX_LINES || chars > Transcript.MAX_CHARS) {
                chars -= Integer.parseInt(lines.removeFirst()[1]);
            }
        }

        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String[] line : lines) {
                out.add(line[0]);
            }
            return out;
        }
    }

    @Test
    void readsLikeAPlainListOfTheLastLinesWhateverTheSizes() {
        SplittableRandom random = new SplittableRandom(16);
        for (int run = 0; run < 50; run++) {
            Transcript transcript = new Transcript();
            Reference reference = new Reference();
            int maxSize = new int[] {5, 60, 400, 1_200}[run % 4];
            for (int i = 0; i < 300; i++) {
                StringBuilder said = new StringBuilder();
                int size = random.nextInt(maxSize + 1);
                for (int c = 0; c < size; c++) {
                    said.append(random.nextInt(10) == 0 ? "😀" : String.valueOf((char) ('a' + random.nextInt(26))));
                }
                String from = "guest-" + random.nextInt(3);
                transcript.add(1_700_000_000_000L + i * 1_000L, from, said.toString());
                reference.add(1_700_000_000_000L + i * 1_000L, from, said.toString());
                if (i % 17 == 0 || i == 299) {
                    assertThat(transcript.lines()).as("run %d, line %d", run, i).isEqualTo(reference.lines());
                }
            }
            assertThat(transcript.capacity()).isLessThanOrEqualTo(Transcript.MAX_CHARS);
        }
    }

    @Test
    void aQuietChatKeepsASmallRingAndAnEmptyOneNone() {
        Transcript empty = new Transcript();
        assertThat(empty.lines()).isEmpty();
        assertThat(empty.capacity()).isZero();
        Transcript quiet = new Transcript();
        for (int i = 0; i < 100; i++) {
            quiet.add(i, "guest-1", "hi " + i);
        }
        assertThat(quiet.lines()).hasSize(Transcript.MAX_LINES).last().asString().endsWith("<guest-1> hi 99");
        assertThat(quiet.capacity()).isLessThanOrEqualTo(256);
    }
}
