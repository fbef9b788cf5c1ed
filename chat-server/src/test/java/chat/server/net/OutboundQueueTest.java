package chat.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue copies what is queued into the loop's staging buffer and advances by what the socket took:
 * bytes leave in order, none twice, none lost, however the socket cuts them and however large a buffer is.
 */
class OutboundQueueTest {

    /** A socket whose send buffer takes {@code budget} bytes more until it is given room again. */
    private static final class Socket implements WritableByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int budget;

        Socket(int budget) {
            this.budget = budget;
        }

        @Override
        public int write(ByteBuffer source) {
            int count = Math.min(budget, source.remaining());
            byte[] bytes = new byte[count];
            source.get(bytes);
            taken.write(bytes, 0, count);
            budget -= count;
            return count;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void whatTheSocketDoesNotTakeStaysQueuedInOrderUntilItDoes() throws Exception {
        OutboundQueue queue = new OutboundQueue(1 << 20);
        StringBuilder expected = new StringBuilder();
        byte[] shared = "shared by two queues\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            String line = "line " + i + " " + "x".repeat(i * 7) + "\n";
            expected.append(line);
            assertThat(queue.add(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)))).isTrue();
        }
        String large = "L".repeat(300_000) + "\n"; // larger than the staging buffer
        expected.append(large).append(new String(shared, StandardCharsets.UTF_8));
        queue.add(ByteBuffer.wrap(large.getBytes(StandardCharsets.UTF_8)));
        queue.add(ByteBuffer.wrap(shared));
        ByteBuffer staging = ByteBuffer.allocateDirect(4096);

        Socket socket = new Socket(5_555);
        assertThat(queue.writeTo(socket, staging)).isFalse(); // full after 5,555 bytes
        assertThat(socket.taken.size()).isEqualTo(5_555);
        assertThat(queue.queuedBytes()).isEqualTo(expected.length() - 5_555L);

        int rounds = 0;
        do {
            socket.budget = 7_777; // the peer reads a little at a time
            rounds++;
        } while (!queue.writeTo(socket, staging));
        assertThat(rounds).isGreaterThan(30);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(socket.taken.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
