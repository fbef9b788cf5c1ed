package chat.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
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
     * Writes as much as the channel takes in gathering writes.
     *
     * @param scratch an array of at least {@value #MAX_GATHER} slots, shared by every queue of one loop
     * @return true when everything queued was written
     */
    boolean writeTo(GatheringByteChannel channel, ByteBuffer[] scratch) throws IOException {
        while (queuedBytes > 0) {
            int count = 0;
            long attempted = 0;
            for (ByteBuffer buffer : buffers) {
                scratch[count++] = buffer;
                attempted += buffer.remaining();
                if (count == MAX_GATHER) {
                    break;
                }
            }
            long written = channel.write(scratch, 0, count);
            Arrays.fill(scratch, 0, count, null);
            queuedBytes -= written;
            while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
                buffers.pollFirst();
            }
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
