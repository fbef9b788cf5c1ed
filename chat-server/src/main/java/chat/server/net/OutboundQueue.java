package chat.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The bytes waiting to be written to one connection, bounded in total. Buffers may share a backing array with other
 * connections' buffers (a broadcast is encoded once), so they are never written into, only read.
 */
final class OutboundQueue {

    private static final int MAX_GATHER = 64;

    private final long limitBytes;
    private ArrayDeque<ByteBuffer> buffers;
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
        if (buffers == null) {
            buffers = new ArrayDeque<>(4);
        }
        buffers.addLast(buffer);
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
            for (ByteBuffer buffer : buffers) {
                int count = Math.min(buffer.remaining(), staging.remaining());
                staging.put(staging.position(), buffer, buffer.position(), count);
                staging.position(staging.position() + count);
                if (!staging.hasRemaining()) {
                    break;
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
        if (queuedBytes == 0) {
            buffers = null; // an idle connection keeps no deque
            return true;
        }
        return false;
    }

    /** Advances the queue by {@code bytes} written. */
    private void consume(long bytes) {
        queuedBytes -= bytes;
        long left = bytes;
        while (left > 0) {
            ByteBuffer head = buffers.peekFirst();
            int step = (int) Math.min(left, head.remaining());
            head.position(head.position() + step);
            left -= step;
            if (!head.hasRemaining()) {
                buffers.pollFirst();
            }
        }
    }

    /**
     * Puts the first queued buffers into {@code scratch} for a consumer that reads them itself (TLS's wrap); follow
     * with {@link #consumed}.
     *
     * @return how many slots were filled
     */
    int gather(ByteBuffer[] scratch) {
        int count = 0;
        if (buffers != null) {
            for (ByteBuffer buffer : buffers) {
                scratch[count++] = buffer;
                if (count == MAX_GATHER) {
                    break;
                }
            }
        }
        return count;
    }

    /** Accounts for {@code bytes} read out of the buffers handed out by {@link #gather}, and clears the slots. */
    void consumed(long bytes, ByteBuffer[] scratch, int count) {
        Arrays.fill(scratch, 0, count, null);
        queuedBytes -= bytes;
        while (buffers != null && !buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
            buffers.pollFirst();
        }
        if (queuedBytes == 0) {
            buffers = null;
        }
    }

    static ByteBuffer[] newScratch() {
        return new ByteBuffer[MAX_GATHER];
    }
}
