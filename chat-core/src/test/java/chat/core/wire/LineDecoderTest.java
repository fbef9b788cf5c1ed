package chat.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.LineDecoder.LineError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The line framing, in the style of Netty's decoder tests: every input is fed whole, one byte at a time and split
 * at every offset, and must give the same lines and errors each way with nothing left buffered.
 */
class LineDecoderTest {

    private static final int MAX = 16;

    /** What the sink heard, in order: "line:TEXT" or "error:KIND". */
    private static final class Recorder implements LineDecoder.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void line(String line) {
            events.add("line:" + line);
        }

        @Override
        public void error(LineError error) {
            events.add("error:" + error);
        }
    }

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("lf", bytes("hello\nworld\n"), List.of("line:hello", "line:world")),
                Arguments.of("crlf", bytes("hello\r\nworld\r\n"), List.of("line:hello", "line:world")),
                Arguments.of("empty lines", bytes("\n\r\n\n"), List.of("line:", "line:", "line:")),
                Arguments.of("lone cr kept", bytes("a\rb\n"), List.of("line:a\rb")),
                Arguments.of("exactly max", bytes("0123456789abcdef\n"), List.of("line:0123456789abcdef")),
                Arguments.of("exactly max crlf", bytes("0123456789abcdef\r\nx\n"),
                        List.of("line:0123456789abcdef", "line:x")),
                Arguments.of("max plus one", bytes("0123456789abcdefg\nnext\n"),
                        List.of("error:LINE_TOO_LONG", "line:next")),
                Arguments.of("max plus one crlf", bytes("0123456789abcdefg\r\nnext\n"),
                        List.of("error:LINE_TOO_LONG", "line:next")),
                Arguments.of("cjk and emoji", bytes("你好\n😀👍\n"), List.of("line:你好", "line:😀👍")),
                Arguments.of("overlong slash", concat(new byte[] {(byte) 0xC0, (byte) 0xAF, '\n'}, bytes("ok\n")),
                        List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("overlong three bytes", concat(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF, '\n'},
                        bytes("ok\n")), List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("overlong four bytes", concat(new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80,
                        (byte) 0xAF, '\n'}, bytes("ok\n")), List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("lone continuation", concat(new byte[] {'a', (byte) 0x80, '\n'}, bytes("ok\n")),
                        List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("surrogate", concat(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'},
                        bytes("ok\n")), List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("above U+10FFFF", concat(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80,
                        '\n'}, bytes("ok\n")), List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("F5 lead", concat(new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '\n'},
                        bytes("ok\n")), List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("FF byte", concat(new byte[] {(byte) 0xFF, '\n'}, bytes("ok\n")),
                        List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("truncated at line end", concat(new byte[] {'a', (byte) 0xE4, (byte) 0xBD, '\n'},
                        bytes("ok\n")), List.of("error:INVALID_UTF8", "line:ok")),
                Arguments.of("C1 lead", concat(new byte[] {(byte) 0xC1, (byte) 0xBF, '\n'}, bytes("ok\n")),
                        List.of("error:INVALID_UTF8", "line:ok")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void wholeByteByByteAndSplitAtEveryOffsetAgree(String name, byte[] input, List<String> expected) {
        assertThat(decodeInChunks(input, input.length)).as("whole").isEqualTo(expected);
        assertThat(decodeInChunks(input, 1)).as("byte by byte").isEqualTo(expected);
        for (int split = 0; split <= input.length; split++) {
            LineDecoder decoder = new LineDecoder(MAX);
            Recorder recorder = new Recorder();
            decoder.decode(ByteBuffer.wrap(input, 0, split), recorder);
            decoder.decode(ByteBuffer.wrap(input, split, input.length - split), recorder);
            assertThat(recorder.events).as("split at " + split).isEqualTo(expected);
            assertThat(decoder.bufferedBytes()).isZero();
            assertThat(decoder.isDiscarding()).isFalse();
        }
    }

    @Test
    void anUnfinishedLineWaitsForItsEnd() {
        LineDecoder decoder = new LineDecoder(MAX);
        Recorder recorder = new Recorder();
        decoder.decode(ByteBuffer.wrap(bytes("hal")), recorder);
        assertThat(recorder.events).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(3);
        decoder.decode(ByteBuffer.wrap(bytes("f\n")), recorder);
        assertThat(recorder.events).containsExactly("line:half");
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void aLineThatNeverEndsIsReportedOnceAndCostsBoundedMemory() {
        LineDecoder decoder = new LineDecoder(MAX);
        Recorder recorder = new Recorder();
        byte[] chunk = new byte[7];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 10_000; i++) {
            decoder.decode(ByteBuffer.wrap(chunk), recorder);
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(MAX + 1);
        }
        assertThat(recorder.events).containsExactly("error:LINE_TOO_LONG");
        assertThat(decoder.isDiscarding()).isTrue();
        decoder.decode(ByteBuffer.wrap(bytes("tail\nnext\n")), recorder);
        assertThat(recorder.events).containsExactly("error:LINE_TOO_LONG", "line:next");
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void directAndReadOnlyBuffersWork() {
        byte[] input = bytes("one\r\ntwo 你好\n");
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length);
        direct.put(input).flip();
        Recorder fromDirect = new Recorder();
        new LineDecoder(MAX).decode(direct, fromDirect);
        Recorder fromReadOnly = new Recorder();
        new LineDecoder(MAX).decode(ByteBuffer.wrap(input).asReadOnlyBuffer(), fromReadOnly);
        assertThat(fromDirect.events).containsExactly("line:one", "line:two 你好");
        assertThat(fromReadOnly.events).isEqualTo(fromDirect.events);
        assertThat(direct.hasRemaining()).isFalse();
    }

    private static List<String> decodeInChunks(byte[] input, int chunk) {
        LineDecoder decoder = new LineDecoder(MAX);
        Recorder recorder = new Recorder();
        for (int offset = 0; offset < input.length; offset += chunk) {
            decoder.decode(ByteBuffer.wrap(input, offset, Math.min(chunk, input.length - offset)), recorder);
        }
        assertThat(decoder.bufferedBytes()).isZero();
        return recorder.events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void itSaysWhatItHoldsWhenANewUnfinishedLineBeganAndCanDropIt() {
        LineDecoder decoder = new LineDecoder(MAX);
        Recorder recorder = new Recorder();
        decoder.decode(ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(decoder.heldBytes()).isPositive();
        long first = decoder.linesBegun();
        decoder.decode(ByteBuffer.wrap("c".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(decoder.linesBegun()).isEqualTo(first); // the same line, growing
        decoder.decode(ByteBuffer.wrap("d\nef".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(decoder.linesBegun()).isEqualTo(first + 1); // "ef" is another line
        decoder.discardPartial();
        assertThat(decoder.heldBytes()).isZero();
        decoder.decode(ByteBuffer.wrap("gh\nij\n".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(recorder.events).containsExactly("line:abcd", "line:ij"); // the rest of "efgh" was skipped
        assertThat(decoder.heldBytes()).isZero();
    }

    /** Lends dirty buffers from a pool and checks that each comes back exactly once. */
    private static final class LendingBuffers implements LineDecoder.Buffers {
        final java.util.Set<byte[]> lent = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        final java.util.ArrayDeque<byte[]> free = new java.util.ArrayDeque<>();

        @Override
        public byte[] take(int minimum) {
            byte[] buffer = free.stream().filter(b -> b.length == minimum).findFirst().orElse(null);
            if (buffer == null) {
                buffer = new byte[minimum];
            } else {
                free.remove(buffer);
            }
            Arrays.fill(buffer, (byte) '?'); // what the last borrower left must not matter
            lent.add(buffer);
            return buffer;
        }

        @Override
        public void give(byte[] buffer) {
            assertThat(lent.remove(buffer)).as("a buffer given back once, and only one that was lent").isTrue();
            free.add(buffer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void lentBuffersComeBackAndTheirOldContentsDoNotLeak(String name, byte[] input, List<String> expected) {
        LendingBuffers buffers = new LendingBuffers();
        for (int split = 0; split <= input.length; split++) {
            LineDecoder decoder = new LineDecoder(MAX, buffers);
            Recorder recorder = new Recorder();
            for (int i = 0; i < split; i++) {
                decoder.decode(ByteBuffer.wrap(input, i, 1), recorder); // byte by byte: every line is buffered
            }
            decoder.decode(ByteBuffer.wrap(input, split, input.length - split), recorder);
            assertThat(recorder.events).as("split at " + split).isEqualTo(expected);
            assertThat(buffers.lent).as("nothing held between lines").isEmpty();
        }
        LineDecoder cut = new LineDecoder(MAX, buffers);
        cut.decode(ByteBuffer.wrap(bytes("unfinished")), new Recorder());
        assertThat(buffers.lent).hasSize(1);
        cut.release(); // the connection closed holding a line
        assertThat(buffers.lent).isEmpty();
    }
}
