package chat.server.session;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.InlineCommands;
import chat.core.wire.LineDecoder.LineError;
import chat.core.wire.ServerFrame;
import chat.server.auth.AccountService;
import chat.server.chat.ChatException;
import chat.server.chat.Chatter;
import chat.server.chat.ReadMarks;
import chat.server.chat.GuestHandles;
import chat.server.chat.DirectChats;
import chat.server.chat.OnlineUsers;
import chat.server.chat.Presence;
import chat.server.chat.RateLimits;
import chat.server.chat.Rooms;
import chat.server.chat.Safety;
import chat.server.chat.Scheduler;
import chat.server.WorkerPool;
import chat.server.files.FileVault;
import chat.server.limits.AddressKey;
import chat.server.files.Uploads;
import chat.server.store.Store;
import chat.server.chat.RandomChat;
import chat.server.net.CloseReason;
import chat.server.net.Connection;
import chat.server.net.ConnectionHandler;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Speaks the protocol on every connection: greets, tells JSON lines from inline commands, turns both into
 * {@link ClientFrame}s, dispatches them to the chat domain, and answers with {@code ok} or {@code error}. A
 * connection's output follows the kind of the last line it sent (see {@link OutputMode}). Loop thread only.
 */
public final class SessionHandler implements ConnectionHandler {

    private static final Logger LOG = Logger.getLogger(SessionHandler.class.getName());

    /** What the handler needs to know about the server it runs in. */
    public record Settings(String serverName, int maxLineBytes, int maxMessageChars, ZoneId zone,
            boolean plainPasswords, long maxOutboundBytes, long greetingWaitMillis) {
    }

    /** The chat domain the handler dispatches to. */
    public record Domain(RandomChat randomChat, DirectChats directChats, Rooms rooms, Presence presence,
            Safety safety, RateLimits limits, AccountService accounts, OnlineUsers online, GuestHandles guests,
            Store store, Uploads uploads, FileVault vault, WorkerPool downloads, long fileQuotaBytes,
            Scheduler scheduler, ReadMarks readMarks) {
    }

    private final Settings settings;
    private final ConversationCommands conversationCommands;
    private final AccountCommands accountCommands;
    private final FileCommands fileCommands;
    private final GuestHandles guestHandles;
    private final RateLimits limits;
    /** The longest a refused request holds up its connection's next line. */
    static final long MAX_PENALTY_MILLIS = 1_000;

    private final RequestAdmission admission;
    private final Scheduler scheduler;
    private final QueryGate queries = new QueryGate();
    private final FrameWriter writer;
    private final ReadMarks readMarks;
    private final String helpText;
    private final IrcFrontDoor ircDoor;

    public SessionHandler(Settings settings, Domain domain) {
        this.settings = settings;
        this.guestHandles = domain.guests();
        this.limits = domain.limits();
        this.admission = new RequestAdmission(domain.limits());
        this.scheduler = domain.scheduler();
        this.conversationCommands = new ConversationCommands(domain.randomChat(), domain.directChats(),
                domain.rooms(), domain.presence(), domain.safety(), domain.store(),
                settings.maxMessageChars(), new Pages(settings.maxOutboundBytes()));
        this.accountCommands = new AccountCommands(domain.accounts(), domain.online(), domain.guests(),
                domain.rooms(), conversationCommands::loggedIn, settings.plainPasswords());
        this.fileCommands = new FileCommands(domain.uploads(), domain.vault(), domain.store(), domain.downloads(),
                domain.rooms(), conversationCommands, domain.fileQuotaBytes(), scheduler);
        domain.randomChat().onEnded(fileCommands::randomChatEnded);
        this.writer = new FrameWriter(settings.zone());
        this.readMarks = domain.readMarks();
        this.helpText = helpText();
        IrcFrontDoor[] door = new IrcFrontDoor[1];
        IrcRenderer ircRenderer = new IrcRenderer("chat-server", settings.serverName().replace(' ', '-'),
                List.of("Welcome to " + settings.serverName() + ".",
                        "Rooms are channels: /join #lobby. Direct messages are queries: /query NAME.",
                        "Meet a random stranger: /join &stranger (a group of 3: &stranger-3); /quote NEXT skips.",
                        "Log in with SASL PLAIN (or PASS name:password); guests chat under their guest handle."),
                (session, irc, ok) -> door[0].loginAnswered(session, irc, ok));
        this.ircDoor = new IrcFrontDoor(this::run, ircRenderer);
        door[0] = ircDoor;
    }

    @Override
    public void opened(Connection connection) {
        Session session = new Session(connection, writer, this::takeWaitingRequests, readMarks);
        Chatter chatter = new Chatter(connection.id(), guestHandles.allocate(),
                AddressKey.of(connection.remoteAddress()), session);
        session.becomes(chatter);
        connection.attach(session);
        greetWhenKnown(session, connection.silentAtOpen());
    }

    /**
     * A connection greeted in plain text started TLS after all: it is greeted again inside TLS, as on any TLS
     * connection (held, like there, until its first line shows it is not IRC).
     */
    @Override
    public void secured(Connection connection) {
        greetWhenKnown((Session) connection.attachment(), false);
    }

    /** Greets now when the client said nothing yet, else once its first line shows it is not IRC. */
    private void greetWhenKnown(Session session, boolean silent) {
        if (settings.greetingWaitMillis() <= 0 || silent) {
            greet(session);
        } else {
            // Held until the first line says whether the client speaks IRC, which never sees the greeting.
            session.greeting(session.connection().schedule(settings.greetingWaitMillis(), () -> {
                if (session.greeting() != null) {
                    session.greeting(null);
                    greet(session);
                }
            })::cancel);
        }
    }

    private void greet(Session session) {
        session.connection().send(("* Welcome to " + settings.serverName() + ". You are " + session.chatter().handle()
                + ". Type /next to meet a random stranger, /help for commands.\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The first line decides: an IRC registration command makes the connection IRC, anything else is greeted. */
    private void firstLine(Session session, String line) {
        boolean held = session.greeting() != null;
        if (held) {
            session.greeting().cancel();
            session.greeting(null);
        }
        if (IrcFrontDoor.startsIrc(line)) {
            ircDoor.adopt(session);
        } else if (held) {
            greet(session);
        }
    }

    @Override
    public void line(Connection connection, String line) {
        Session session = (Session) connection.attachment();
        if (session.requests().add(line)) {
            connection.pauseReading();
        }
        takeWaitingRequests(session);
    }

    @Override
    public void lineError(Connection connection, LineError error) {
        Session session = (Session) connection.attachment();
        if (session.requests().add(error)) {
            connection.pauseReading();
        }
        takeWaitingRequests(session);
    }

    @Override
    public void inputEnded(Connection connection) {
        Session session = (Session) connection.attachment();
        session.requests().inputEnded();
        takeWaitingRequests(session);
    }

    /**
     * Handles the connection's waiting lines in order, each once the one before it is answered; reads again when
     * they are worked off, and closes once the peer has sent its last line and everything is answered.
     */
    private void takeWaitingRequests(Session session) {
        RequestQueue requests = session.requests();
        Connection connection = session.connection();
        Object next;
        leaveQueryGateIfDone(session);
        while (!requests.busy() && connection.acceptsInput() && (next = requests.poll()) != null) {
            requests.handling(true);
            try {
                if (next instanceof String line) {
                    if (!session.firstLineSeen()) {
                        firstLine(session, line);
                    }
                    if (session.irc() != null) {
                        ircDoor.handle(session, line);
                    } else {
                        handle(session, line);
                    }
                } else {
                    if (session.greeting() != null && !session.firstLineSeen()) {
                        session.greeting().cancel();
                        session.greeting(null);
                        greet(session);
                    }
                    answerLineError(session, (LineError) next);
                }
            } finally {
                requests.handling(false);
            }
            leaveQueryGateIfDone(session);
        }
        if (!connection.acceptsInput()) {
            return;
        }
        if (!requests.isFull()) {
            connection.resumeReading();
        }
        if (requests.isInputEnded() && requests.isEmpty() && !requests.busy()) {
            connection.closeAfterFlush(CloseReason.EOF);
        }
    }

    private void handle(Session session, String line) {
        Connection connection = session.connection();
        ClientFrame frame;
        if (line.startsWith("{")) {
            session.speaks(OutputMode.JSON);
            try {
                frame = FrameCodec.decodeClient(line);
            } catch (FrameException e) {
                session.deliver(new ServerFrame.Error(e.requestId(), e.code(), e.getMessage()));
                return;
            }
        } else {
            session.speaks(OutputMode.TEXT);
            if (line.isBlank()) {
                return;
            }
            try {
                frame = InlineCommands.parse(line);
            } catch (FrameException e) {
                session.deliver(new ServerFrame.Error(null, e.code(), e.getMessage()));
                return;
            }
        }
        run(session, frame);
    }

    /**
     * Dispatches a frame from any front door, answering failures with {@code error}. A look-up waits for a slot of the
     * {@link QueryGate} first; its connection's request stays in flight meanwhile.
     */
    private void run(Session session, ClientFrame frame) {
        if (RequestAdmission.isQuery(frame)) {
            if (!queries.tryEnter()) {
                Runnable parked = session.hold();
                queries.whenFree(() -> scheduler.schedule(0, () -> startQuery(session, frame, parked)));
                return;
            }
            session.holdsQuerySlot(true);
        }
        dispatchAnswering(session, frame);
    }

    /** Runs a look-up that waited for its slot (the slot is its already), then lets its connection go on. */
    private void startQuery(Session session, ClientFrame frame, Runnable parked) {
        session.holdsQuerySlot(true);
        if (session.connection().acceptsInput()) {
            session.requests().handling(true);
            try {
                dispatchAnswering(session, frame);
            } finally {
                session.requests().handling(false);
            }
        }
        parked.run();
        leaveQueryGateIfDone(session); // answered at once, or the connection is gone: nothing will resume it
    }

    /**
     * Once the connection's request is answered: gives its look-up slot back, and lets the IRC front door close
     * what it gathered for the request (a labelled response).
     */
    private void leaveQueryGateIfDone(Session session) {
        if (!session.requests().busy()) {
            leaveQueryGate(session);
            if (session.irc() != null) {
                ircDoor.answered(session);
            }
        }
    }

    /** Gives the connection's look-up slot back, if it holds one; the look-up waiting longest gets it. */
    private void leaveQueryGate(Session session) {
        if (session.holdsQuerySlot()) {
            session.holdsQuerySlot(false);
            Runnable next = queries.leave();
            if (next != null) {
                next.run();
            }
        }
    }

    private void dispatchAnswering(Session session, ClientFrame frame) {
        Connection connection = session.connection();
        try {
            dispatch(session, frame);
        } catch (ChatException e) {
            session.requests().abandonHolds();
            long waitNanos = admission.lastWaitNanos();
            if (e.code() == ErrorCode.RATE_LIMITED && session.irc() != null && waitNanos > 0
                    && waitNanos <= TimeUnit.MILLISECONDS.toNanos(MAX_PENALTY_MILLIS)
                    && ircDoor.retryLater(session)) {
                leaveQueryGate(session);
                slowDown(session, waitNanos); // IRC's fake lag: the line runs once the limit allows it
                return;
            }
            session.deliver(new ServerFrame.Error(frame.id(), e.code(), e.getMessage(), e.retryAfterSeconds()));
            if (e.code() == ErrorCode.RATE_LIMITED) {
                leaveQueryGate(session); // answered: the slot is not held through the penalty
                slowDown(session, admission.lastWaitNanos());
            }
        } catch (RuntimeException e) {
            session.requests().abandonHolds();
            LOG.log(Level.SEVERE, "handling " + FrameCodec.typeName(frame.getClass()) + " from " + connection
                    + " failed", e);
            session.deliver(new ServerFrame.Error(frame.id(), ErrorCode.INTERNAL, "the server failed to do that"));
        }
    }

    /**
     * A request refused by a limit slows its connection down: the next line waits until the limit allows another (at
     * most {@link #MAX_PENALTY_MILLIS}). Refusals are then drawn at the limit's pace, not as fast as a client can
     * send, and a flood fills its own socket instead of the server's time (IRC servers' flood penalty).
     */
    private void slowDown(Session session, long waitNanos) {
        long millis = Math.min(MAX_PENALTY_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
        scheduler.schedule(millis, session.hold());
    }

    private void answerLineError(Session session, LineError error) {
        if (session.irc() != null) {
            ircDoor.lineError(session, error);
            return;
        }
        if (error == LineError.LINE_TOO_LONG) {
            session.deliver(new ServerFrame.Error(null, ErrorCode.LINE_TOO_LONG,
                    "line longer than " + settings.maxLineBytes() + " bytes; it was discarded"));
        } else {
            session.deliver(new ServerFrame.Error(null, ErrorCode.INVALID_UTF8,
                    "line is not valid UTF-8; it was discarded"));
        }
    }

    @Override
    public void timedOut(Connection connection, CloseReason reason) {
        Session session = (Session) connection.attachment();
        session.deliver(new ServerFrame.Bye(reason.wireName(), reason.description()));
    }

    @Override
    public void shuttingDown(Connection connection) {
        Session session = (Session) connection.attachment();
        session.deliver(new ServerFrame.Bye(CloseReason.SERVER_SHUTDOWN.wireName(),
                CloseReason.SERVER_SHUTDOWN.description()));
    }

    @Override
    public void closed(Connection connection, CloseReason reason) {
        Session session = (Session) connection.attachment();
        accountCommands.closed(session);
        conversationCommands.closed(session);
        fileCommands.closed(session);
        limits.forget(session.chatter());
        guestHandles.closed(session.chatter());
        LOG.fine(() -> connection + " closed: " + reason.description());
    }

    private void dispatch(Session session, ClientFrame frame) {
        Chatter chatter = session.chatter();
        if (!admission.admit(session, frame)) {
            return; // dropped quietly: no answer to draw, and nothing reached anyone
        }
        if (accountCommands.handle(session, frame)) {
            return;
        }
        if (conversationCommands.handle(session, frame) || fileCommands.handle(session, frame)) {
            return;
        }
        if (frame instanceof ClientFrame.Ping ping) {
            session.deliver(new ServerFrame.Pong(ping.id()));
        } else if (frame instanceof ClientFrame.Hello hello) {
            session.deliver(new ServerFrame.Welcome(hello.id(), chatter.handle(), chatter.isLoggedIn(),
                    settings.serverName(), settings.maxLineBytes(), settings.maxMessageChars()));
        } else if (frame instanceof ClientFrame.Help help) {
            session.deliver(new ServerFrame.Notice(helpText));
            acknowledge(session, help);
        } else if (frame instanceof ClientFrame.Quit quit) {
            acknowledge(session, quit);
            session.deliver(new ServerFrame.Bye(CloseReason.QUIT.wireName(), "see you"));
            session.connection().closeAfterFlush(CloseReason.QUIT);
        } else {
            throw new IllegalStateException("no handler for " + frame);
        }
    }

    private static void acknowledge(Session session, ClientFrame request) {
        if (request.id() != null) {
            session.deliver(new ServerFrame.Ok(request.id()));
        }
    }

    private static String helpText() {
        StringBuilder text = new StringBuilder("Commands:\n");
        int width = 0;
        for (InlineCommands.Command command : InlineCommands.all()) {
            width = Math.max(width, command.usage().length());
        }
        for (InlineCommands.Command command : InlineCommands.all()) {
            text.append("  ").append(command.usage()).append(" ".repeat(width - command.usage().length() + 2))
                    .append(command.summary()).append('\n');
        }
        text.append("Anything else you type is said in your current chat; start a line with // to say one that "
                + "begins with /.\n");
        return text.toString();
    }
}
