package chat.core.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Splits a byte stream into UTF-8 text lines, one frame per line.
 *
 * <p>A line ends with {@code \n}; a {@code \r} right before it is dropped too. Bytes are copied out of the
 * caller's buffer only while a line is incomplete, and every byte is looked at once: the scan for the next newline
 * resumes where the previous call stopped (Netty's LineBasedFrameDecoder does the same).
 *
 * <p>Two things can go wrong with a line, and neither ends the stream:
 * <ul>
 *   <li>It grows past {@code maxLineBytes} (not counting the line ending). The sink hears
 *       {@link LineError#LINE_TOO_LONG} once, as soon as the limit is crossed, and the rest of the line is discarded
 *       up to and including the next newline. Memory stays bounded however long the line is.</li>
 *   <li>It is not well-formed UTF-8 (overlong forms, surrogates, code points above U+10FFFF, truncated sequences).
 *       The sink hears {@link LineError#INVALID_UTF8} for that line; nothing is replaced silently.</li>
 * </ul>
 *
 * <p>States: <em>reading</em> (collecting a line, possibly partially buffered) and <em>discarding</em> (skipping the
 * rest of an oversized line). An idle decoder holds no buffer at all, so a quiet connection costs a few bytes.
 * Not thread-safe: one decoder belongs to one connection and is driven by one thread.
 */
public final class LineDecoder {

    /** Why a line was rejected. */
    public enum LineError {
        /** The line exceeded the maximum length; it is being discarded up to the next newline. */
        LINE_TOO_LONG,
        /** The line was not valid UTF-8. */
        INVALID_UTF8
    }

    /** Receives what the decoder finds. */
    public interface Sink {
        /** A complete, valid line without its line ending. */
        void line(String line);

        /** A line that was rejected; the stream goes on with the next line. */
        void error(LineError error);
    }

    /**
     * Where the buffers for unfinished lines come from and go back to. A server with thousands of connections lends
     * them from a pool, so a line held and dropped (a connection cut for holding it) leaves no garbage behind.
     */
    public interface Buffers {
        /** A buffer of at least {@code minimum} bytes (its contents are overwritten). */
        byte[] take(int minimum);

        /** Gives back a buffer taken here, no longer used. */
        void give(byte[] buffer);
    }

    /** Buffers from the heap, left to the garbage collector. */
    public static final Buffers HEAP = new Buffers() {
        @Override
        public byte[] take(int minimum) {
            return new byte[minimum];
        }

        @Override
        public void give(byte[] buffer) {
        }
    };

    private static final int INITIAL_CAPACITY = 256;

    private final int maxLineBytes;
    private final Buffers buffers;
    private byte[] partial;
    private int partialLength;
    private boolean discarding;
    /** Counts the unfinished lines begun so far: a holder can tell a new one from one still growing. */
    private long linesBegun;

    /**
     * @param maxLineBytes the longest line accepted, in bytes, not counting {@code \r\n}; at least 1
     */
    public LineDecoder(int maxLineBytes) {
        this(maxLineBytes, HEAP);
    }

    /**
     * @param maxLineBytes the longest line accepted, in bytes, not counting {@code \r\n}; at least 1
     * @param buffers where buffers for unfinished lines come from
     */
    public LineDecoder(int maxLineBytes, Buffers buffers) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.buffers = Objects.requireNonNull(buffers, "buffers");
    }

    /**
     * Consumes every remaining byte of {@code in}, reporting complete lines and errors to {@code sink} in order.
     * On return {@code in} has no remaining bytes; what belongs to an unfinished line is kept here.
     */
    public void decode(ByteBuffer in, Sink sink) {
        Objects.requireNonNull(sink, "sink");
        while (in.hasRemaining()) {
            int start = in.position();
            int newline = indexOf(in, start, in.limit());
            if (discarding) {
                if (newline < 0) {
                    in.position(in.limit());
                    return;
                }
                discarding = false;
                in.position(newline + 1);
                continue;
            }
            if (newline < 0) {
                keepPartial(in, start, in.limit(), sink);
                return;
            }
            in.position(newline + 1);
            if (partialLength == 0) {
                completeLine(in, start, newline, sink);
            } else {
                int needed = partialLength + (newline - start);
                // One byte more than the limit is allowed here: it may be the '\r' of a "\r\n" ending.
                if (needed > maxLineBytes + 1) {
                    dropPartial();
                    sink.error(LineError.LINE_TOO_LONG);
                    continue;
                }
                appendPartial(in, start, newline);
                byte[] bytes = partial;
                int length = partialLength;
                partial = null;
                partialLength = 0;
                try {
                    emit(bytes, 0, length, sink);
                } finally {
                    buffers.give(bytes);
                }
            }
        }
    }

    /** How many bytes of an unfinished line are held; zero between lines. */
    public int bufferedBytes() {
        return partialLength;
    }

    /** Bytes of memory held for an unfinished line (the buffer, which may be larger than the line so far). */
    public int heldBytes() {
        return partial == null ? 0 : partial.length;
    }

    /**
     * How many unfinished lines have been begun: it changes whenever the bytes held start a new line, so a caller
     * can tell how long the line it holds now has been waiting for its end.
     */
    public long linesBegun() {
        return linesBegun;
    }

    /**
     * Forgets the unfinished line and skips the rest of it, up to the next newline, as if it had been too long; the
     * buffer is freed at once.
     */
    public void discardPartial() {
        if (partialLength > 0 || partial != null) {
            dropPartial();
            discarding = true;
        }
    }

    /** Gives back the buffer of an unfinished line, if any: the stream has ended. */
    public void release() {
        dropPartial();
    }

    /** Whether the decoder is skipping the rest of an oversized line. */
    public boolean isDiscarding() {
        return discarding;
    }

    private void completeLine(ByteBuffer in, int start, int end, LineDecoder.Sink sink) {
        if (in.hasArray()) {
            emit(in.array(), in.arrayOffset() + start, end - start, sink);
        } else {
            byte[] copy = new byte[end - start];
            in.get(start, copy);
            emit(copy, 0, copy.length, sink);
        }
    }

    private void emit(byte[] bytes, int offset, int length, Sink sink) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            sink.error(LineError.LINE_TOO_LONG);
            return;
        }
        String line = Utf8.decodeStrict(bytes, offset, length);
        if (line == null) {
            sink.error(LineError.INVALID_UTF8);
        } else {
            sink.line(line);
        }
    }

    private void keepPartial(ByteBuffer in, int start, int end, Sink sink) {
        in.position(end);
        // The pending '\r' of a "\r\n" may sit one past the limit until the '\n' arrives.
        if (partialLength + (end - start) > maxLineBytes + 1) {
            dropPartial();
            discarding = true;
            sink.error(LineError.LINE_TOO_LONG);
            return;
        }
        appendPartial(in, start, end);
    }

    private void appendPartial(ByteBuffer in, int start, int end) {
        int count = end - start;
        int needed = partialLength + count;
        if (partialLength == 0) {
            linesBegun++;
        }
        if (partial == null) {
            partial = buffers.take(capacityFor(needed));
        } else if (needed > partial.length) {
            byte[] grown = buffers.take(capacityFor(needed));
            System.arraycopy(partial, 0, grown, 0, partialLength);
            buffers.give(partial);
            partial = grown;
        }
        in.get(start, partial, partialLength, count);
        partialLength = needed;
    }

    /** The next power of two from {@code needed} (at least 256), or the most a line may hold. */
    private int capacityFor(int needed) {
        int capacity = Math.max(INITIAL_CAPACITY, Integer.highestOneBit(needed - 1) << 1);
        return Math.max(needed, Math.min(capacity, maxLineBytes + 1));
    }

    private void dropPartial() {
        if (partial != null) {
            buffers.give(partial);
        }
        partial = null;
        partialLength = 0;
    }

    private static int indexOf(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
