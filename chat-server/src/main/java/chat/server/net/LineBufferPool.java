package chat.server.net;

import chat.core.wire.LineDecoder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The buffers that hold connections' unfinished lines, lent and taken back instead of left to the garbage collector.
 * A connection cut for holding a long unfinished line, and its sender connecting again to do it once more, used to
 * leave up to 64 KiB of garbage per round; at a thousand rounds a second the collector copied and promoted those
 * buffers and its pauses reached everybody. Buffers come in a few sizes (the decoder asks for powers of two), and at
 * most {@code maxPooledBytes} wait here; more go to the collector. Loop thread only.
 */
final class LineBufferPool implements LineDecoder.Buffers {

    private final long maxPooledBytes;
    private final Map<Integer, ArrayDeque<byte[]>> bySize = new HashMap<>();
    private long pooledBytes;

    LineBufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    @Override
    public byte[] take(int minimum) {
        ArrayDeque<byte[]> free = bySize.get(minimum);
        byte[] buffer = free == null ? null : free.poll();
        if (buffer == null) {
            return new byte[minimum];
        }
        pooledBytes -= buffer.length;
        return buffer;
    }

    @Override
    public void give(byte[] buffer) {
        if (pooledBytes + buffer.length > maxPooledBytes) {
            return;
        }
        bySize.computeIfAbsent(buffer.length, size -> new ArrayDeque<>()).push(buffer);
        pooledBytes += buffer.length;
    }

    /** Bytes waiting here to be lent. */
    long pooledBytes() {
        return pooledBytes;
    }
}
