package chat.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast path may only ever be faster: for every line it accepts, the general (gson) path must accept it too and
 * give the same frame. Checked on valid frames of every kind and on many thousands of mutations of them.
 */
class FlatFrameReaderTest {

    private static final List<ClientFrame> FRAMES = List.of(
            new ClientFrame.Say("r1", null, "hello"),
            new ClientFrame.Say("r2", "~k3j9x2mp", "quotes \" and \\ backslashes, tabs\tand\nnewlines 😀 你好 \u00e9"),
            new ClientFrame.Say(null, "#room", "ünïcödé / slashes </script>"),
            new ClientFrame.Typing(null, null, "active"),
            new ClientFrame.Ping("p"),
            new ClientFrame.Next("n", 3, List.of("music", "chess", "日本")),
            new ClientFrame.Next(null, null, List.of()),
            new ClientFrame.Logout("l", true),
            new ClientFrame.Visibility("v", false),
            new ClientFrame.Anon("a", true),
            new ClientFrame.Anon("a", null),
            new ClientFrame.History("h", "#room", "m42", 50),
            new ClientFrame.UploadStart("u", null, "a b.png", 1234567890123L, "ab".repeat(32)),
            new ClientFrame.UploadChunk("c", "up1", 0L, "AAAA"),
            new ClientFrame.Download("d", "f1", 9_007_199_254_740_991L),
            new ClientFrame.Register("r", "alice", "correct horse"),
            new ClientFrame.Away("a", true, null));

    @Test
    void validFramesTakeTheFastPathAndEqualWhatGsonReads() throws Exception {
        for (ClientFrame frame : FRAMES) {
            String line = FrameCodec.encode(frame);
            ClientFrame fast = FlatFrameReader.read(line, frame.getClass());
            assertThat(fast).as(line).isEqualTo(frame).isEqualTo(FrameCodec.decodeClientWithoutFastPath(line));
        }
        String spaced = " { \"type\" : \"say\" , \"text\" : \"hi\" , \"unknown\" : [1] } ";
        assertThat(FlatFrameReader.read(spaced, ClientFrame.Say.class)).as("arrays in unknown fields").isNull();
        String extra = "{\"type\":\"say\", \"text\":\"hi\",\"client\":\"x\",\"n\":-12,\"b\":false,\"z\":null}";
        assertThat(FlatFrameReader.read(extra, ClientFrame.Say.class))
                .isEqualTo(new ClientFrame.Say(null, null, "hi"));
    }

    @Test
    void whatTheFastPathAcceptsAmongMutationsGsonReadsTheSame() {
        SplittableRandom random = new SplittableRandom(20261123);
        String alphabet = "{}[]\":,\\ ntrufalse0123456789-.eE+/u\u0001é😀";
        int accepted = 0;
        int tried = 0;
        for (int round = 0; round < 40_000; round++) {
            ClientFrame original = FRAMES.get(random.nextInt(FRAMES.size()));
            StringBuilder line = new StringBuilder(FrameCodec.encode(original));
            int mutations = random.nextInt(1, 4);
            for (int i = 0; i < mutations && line.length() > 0; i++) {
                int at = random.nextInt(line.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> line.setCharAt(at, c);
                    case 1 -> line.insert(at, c);
                    default -> line.deleteCharAt(at);
                }
            }
            String mutated = line.toString();
            if (!mutated.startsWith("{\"type\":\"" + FrameCodec.typeName(original.getClass()) + "\"")) {
                continue; // FrameCodec only offers lines it has matched to a type
            }
            tried++;
            ClientFrame fast = FlatFrameReader.read(mutated, original.getClass());
            if (fast == null) {
                continue;
            }
            accepted++;
            ClientFrame reference;
            try {
                reference = FrameCodec.decodeClientWithoutFastPath(mutated);
            } catch (FrameException e) {
                throw new AssertionError("the fast path accepted what gson refuses (" + e.code() + "): " + mutated);
            }
            assertThat(fast).as(mutated).isEqualTo(reference);
        }
        assertThat(tried).isGreaterThan(10_000);
        assertThat(accepted).as("mutations that are still valid (e.g. changed text)").isGreaterThan(1_000);
    }

    @Test
    void aRecordThatRefusesAValueLeavesTheErrorToTheGeneralPath() {
        assertThat(FlatFrameReader.read("{\"type\":\"next\",\"size\":99}", ClientFrame.Next.class)).isNull();
        assertThat(FlatFrameReader.read("{\"type\":\"say\",\"text\":\"a\",\"text\":\"b\"}", ClientFrame.Say.class))
                .isNull();
        assertThat(FlatFrameReader.read("{\"type\":\"next\",\"size\":3.0}", ClientFrame.Next.class)).isNull();
        assertThat(FlatFrameReader.read("{\"type\":\"next\",\"size\":\"3\"}", ClientFrame.Next.class)).isNull();
        List<String> refused = new ArrayList<>();
        for (String line : List.of("{\"type\":\"say\",\"text\":\"a\"} x", "{\"type\":\"say\",\"text\":\"a\u0001\"}",
                "{\"type\":\"say\",\"text\":\"\\x\"}", "{\"type\":\"say\",\"text\":{}}")) {
            if (FlatFrameReader.read(line, ClientFrame.Say.class) == null) {
                refused.add(line);
            }
        }
        assertThat(refused).hasSize(4);
    }
}
