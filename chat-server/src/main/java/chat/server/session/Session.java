package chat.server.session;

import chat.core.wire.ServerFrame;
import chat.server.chat.Chatter;
import chat.server.chat.Outbox;
import chat.server.net.CloseReason;
import chat.server.net.Connection;
import java.nio.ByteBuffer;

/**
 * The per-connection glue between the network and the chat domain: which {@link OutputMode} the client speaks and
 * which {@link Chatter} it is. Frames the domain delivers are rendered here and queued on the connection.
 */
final class Session implements Outbox {

    private final Connection connection;
    private final FrameWriter writer;
    private Chatter chatter;
    private OutputMode mode = OutputMode.TEXT;
    private boolean accountRequestRunning;
    private String focused;

    Session(Connection connection, FrameWriter writer) {
        this.connection = connection;
        this.writer = writer;
    }

    Connection connection() {
        return connection;
    }

    Chatter chatter() {
        return chatter;
    }

    void becomes(Chatter chatter) {
        this.chatter = chatter;
    }

    void speaks(OutputMode mode) {
        this.mode = mode;
    }

    /** Whether an account request (they take a few hops) is under way; one at a time per connection. */
    boolean accountRequestRunning() {
        return accountRequestRunning;
    }

    void accountRequestRunning(boolean running) {
        accountRequestRunning = running;
    }

    /** The direct chat or room a {@code say} without {@code conv} goes to; null for the random chat. */
    String focused() {
        return focused;
    }

    void focus(String conv) {
        this.focused = conv;
    }

    /** Forgets the focus if it is {@code conv}. */
    void unfocus(String conv) {
        if (conv != null && conv.equalsIgnoreCase(focused)) {
            focused = null;
        }
    }

    /** Whether the connection can still be written to. */
    boolean isOpen() {
        return connection.isWritable();
    }

    @Override
    public void disconnect(ServerFrame.Bye bye) {
        deliver(bye);
        connection.closeAfterFlush(CloseReason.fromWireName(bye.reason(), CloseReason.QUIT));
    }

    @Override
    public void deliver(ServerFrame frame) {
        if (frame instanceof ServerFrame.Kept kept) {
            focused = kept.direct(); // the kept chat goes on there
        }
        ByteBuffer bytes = writer.bytes(frame, mode);
        if (bytes != null) {
            connection.send(bytes);
        }
    }
}
