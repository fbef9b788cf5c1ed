package chat.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The bytes waiting to be written to one connection, bounded in total. Buffers may share a backing array with other
 * connections' buffers (a broadcast is encoded once), so they are never written into, only read. The first buffer
 * has a field of its own and a deque is made only when more wait behind it: a connection that is sent a frame now
 * and then, and writes it at once, allocates nothing here.
 */
final class OutboundQueue {

    private static final int MAX_GATHER = 64;

    private final long limitBytes;
    /** The buffer written next, or null when nothing waits. */
    private ByteBuffer first;
    /** The buffers behind {@link #first}, or null when there are none. */
    private ArrayDeque<ByteBuffer> rest;
    private long queuedBytes;

    OutboundQueue(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * Appends a buffer.
     *
     * @return false when the queue would exceed its limit; the buffer is then not queued
     */
    boolean add(ByteBuffer buffer) {
        int size = buffer.remaining();
        if (size == 0) {
            return true;
        }
        if (queuedBytes + size > limitBytes) {
            return false;
        }
        if (first == null) {
            first = buffer;
        } else {
            if (rest == null) {
                rest = new ArrayDeque<>(4);
            }
            rest.addLast(buffer);
        }
        queuedBytes += size;
        return true;
    }

    boolean isEmpty() {
        return queuedBytes == 0;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Writes as much as the channel takes: the queued bytes are copied into {@code staging} (a direct buffer the
     * loop owns) and written with one plain write per buffer-full. The JDK would copy a heap buffer into a direct one
     * anyway; doing it here spares its per-buffer temporary buffers and the gathering call, and a reply of one frame
     * (the usual case) is one {@code write}. Queued buffers advance by what the socket took.
     *
     * @return true when everything queued was written
     */
    boolean writeTo(WritableByteChannel channel, ByteBuffer staging) throws IOException {
        while (queuedBytes > 0) {
            staging.clear();
            if (stage(first, staging) && rest != null) {
                for (ByteBuffer buffer : rest) {
                    if (!stage(buffer, staging)) {
                        break;
                    }
                }
            }
            staging.flip();
            int attempted = staging.remaining();
            int written = channel.write(staging);
            consume(written);
            if (written < attempted) {
                break; // the socket's send buffer is full
            }
        }
        return queuedBytes == 0;
    }

    /** Copies what fits of {@code buffer} into {@code staging}, leaving {@code buffer} as it was; false when full. */
    private static boolean stage(ByteBuffer buffer, ByteBuffer staging) {
        int count = Math.min(buffer.remaining(), staging.remaining());
        staging.put(staging.position(), buffer, buffer.position(), count);
        staging.position(staging.position() + count);
        return staging.hasRemaining();
    }

    /** Advances the queue by {@code bytes} taken from its front. */
    private void consume(long bytes) {
        queuedBytes -= bytes;
        long left = bytes;
        while (left > 0) {
            int step = (int) Math.min(left, first.remaining());
            first.position(first.position() + step);
            left -= step;
            if (!first.hasRemaining()) {
                advance();
            }
        }
        if (queuedBytes == 0) {
            first = null;
            rest = null; // an idle connection keeps no deque
        }
    }

    /** Drops the emptied first buffer; the next one, if any, takes its place. */
    private void advance() {
        first = rest == null ? null : rest.pollFirst();
        if (rest != null && rest.isEmpty()) {
            rest = null;
        }
    }

    /**
     * Puts the first queued buffers into {@code scratch} for a consumer that reads them itself (TLS's wrap); follow
     * with {@link #consumed}.
     *
     * @return how many slots were filled
     */
    int gather(ByteBuffer[] scratch) {
        if (first == null) {
            return 0;
        }
        int count = 0;
        scratch[count++] = first;
        if (rest != null) {
            for (ByteBuffer buffer : rest) {
                if (count == MAX_GATHER) {
                    break;
                }
                scratch[count++] = buffer;
            }
        }
        return count;
    }

    /** Accounts for {@code bytes} read out of the buffers handed out by {@link #gather}, and clears the slots. */
    void consumed(long bytes, ByteBuffer[] scratch, int count) {
        Arrays.fill(scratch, 0, count, null);
        queuedBytes -= bytes;
        while (first != null && !first.hasRemaining()) {
            advance();
        }
        if (queuedBytes == 0) {
            first = null;
            rest = null;
        }
    }

    static ByteBuffer[] newScratch() {
        return new ByteBuffer[MAX_GATHER];
    }
}
