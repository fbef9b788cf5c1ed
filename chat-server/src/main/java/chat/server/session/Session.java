package chat.server.session;

import chat.core.wire.ServerFrame;
import chat.server.chat.Chatter;
import chat.server.chat.Outbox;
import chat.server.chat.ReadMarks;
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
    private final RequestQueue requests;
    private OutputMode mode = OutputMode.TEXT;
    private final ReadMarks readMarks;
    private Runnable accountRequest;
    private boolean holdsQuerySlot;
    private IrcState irc;
    private EventLoopTimer greeting;
    private boolean firstLineSeen;
    private String focused;

    /**
     * @param resume takes the session's next waiting request once the one in flight is answered
     * @param readMarks where a message shown as text counts as read
     */
    Session(Connection connection, FrameWriter writer, java.util.function.Consumer<Session> resume,
            ReadMarks readMarks) {
        this.connection = connection;
        this.writer = writer;
        this.readMarks = readMarks;
        this.requests = new RequestQueue(() -> resume.accept(this));
    }

    /** Whether the request in flight is a look-up holding a slot of the {@link QueryGate}. */
    boolean holdsQuerySlot() {
        return holdsQuerySlot;
    }

    void holdsQuerySlot(boolean holds) {
        this.holdsQuerySlot = holds;
    }

    /** The connection's requests, one in flight at a time. */
    RequestQueue requests() {
        return requests;
    }

    /** Keeps the current request in flight until the returned release runs; see {@link RequestQueue#hold()}. */
    Runnable hold() {
        return requests.hold();
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
        if (this.mode != OutputMode.IRC) {
            this.mode = mode;
        }
    }

    /** The connection speaks IRC from now on. */
    void becomesIrc(IrcState irc) {
        this.irc = irc;
        this.mode = OutputMode.IRC;
    }

    /** The IRC front door's state, or null when the connection does not speak IRC. */
    IrcState irc() {
        return irc;
    }

    /** The greeting waiting for the first line (or for the wait to pass), or null once that has been decided. */
    EventLoopTimer greeting() {
        return greeting;
    }

    void greeting(EventLoopTimer greeting) {
        this.greeting = greeting;
    }

    /** Whether the first line (which decides IRC or not) has been handled; true from then on. */
    boolean firstLineSeen() {
        boolean seen = firstLineSeen;
        firstLineSeen = true;
        return seen;
    }

    /** A greeting held back for the first line; cancelled when the first line decides. */
    interface EventLoopTimer {
        void cancel();
    }

    /** Whether the connection gets text lines (a person on netcat) rather than JSON. */
    boolean speaksText() {
        return mode == OutputMode.TEXT;
    }

    /** Marks the current request as an account request in flight: it ends with {@link #accountRequestEnded}. */
    void accountRequestStarted() {
        accountRequest = hold();
    }

    /** Ends the account request in flight, if any. */
    void accountRequestEnded() {
        Runnable release = accountRequest;
        accountRequest = null;
        if (release != null) {
            release.run();
        }
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
        if (irc != null) {
            irc.renderer.deliver(this, frame);
            return;
        }
        ByteBuffer bytes = writer.bytes(frame, mode);
        if (bytes != null) {
            connection.send(bytes);
            if (mode == OutputMode.TEXT && frame instanceof ServerFrame.Message message) {
                readMarks.shown(chatter, message); // a person on netcat read it as it came
            }
        }
    }
}
