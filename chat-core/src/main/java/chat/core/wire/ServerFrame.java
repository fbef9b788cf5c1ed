package chat.core.wire;

import static chat.core.wire.InvalidFrameException.require;

import java.util.List;

/**
 * A frame the server sends to a client: replies to requests and events. The wire name of each frame is its record
 * name in snake_case ({@link FrameCodec}); docs/PROTOCOL.md is the full specification. Clients must ignore fields and
 * frame types they do not know.
 */
public sealed interface ServerFrame {

    /**
     * A request succeeded. Sent when the request had an {@code id}, and for requests whose success a person wants to
     * read about ({@code message}, e.g. "password changed"). For {@code say}, {@code id} and {@code ts} are the
     * server's id and time of the message that was sent.
     */
    record Ok(String re, String id, Long ts, String message) implements ServerFrame {
        public Ok(String re) {
            this(re, null, null, null);
        }
    }

    /**
     * A request failed, or a line could not be read; {@code code} is one of {@link ErrorCode}'s wire names.
     * {@code retryAfter}, in seconds, says when a refused request may be tried again (throttling).
     */
    record Error(String re, String code, String message, Long retryAfter) implements ServerFrame {
        public Error {
            require(code, "code");
            require(message, "message");
        }

        public Error(String re, ErrorCode code, String message) {
            this(re, code.wireName(), message, null);
        }

        public Error(String re, ErrorCode code, String message, Long retryAfter) {
            this(re, code.wireName(), message, retryAfter);
        }
    }

    /**
     * Answers {@code hello}: who the connection is ({@code handle}: the account name when {@code loggedIn}, else the
     * guest handle) and the limits it must respect.
     */
    record Welcome(String re, String handle, Boolean loggedIn, String server, Integer maxLineBytes,
            Integer maxMessageChars) implements ServerFrame {
        public Welcome {
            require(handle, "handle");
        }
    }

    /** The sender is waiting in the pairing queue for a group of {@code size}. */
    record Queued(Integer size) implements ServerFrame {
    }

    /**
     * The sender was matched with strangers in the random conversation {@code conv}. {@code partners} lists the
     * others' handles; {@code partner} is the first of them, the whole story for a pair. {@code you} is the handle
     * the strangers see for the receiver (a guest handle, also when logged in: random chats are anonymous).
     */
    record Paired(String conv, String partner, List<String> partners, Integer size, String you)
            implements ServerFrame {
        public Paired {
            require(conv, "conv");
            partners = List.copyOf(require(partners, "partners"));
        }
    }

    /** Someone said something in conversation {@code conv}. {@code id} is the server's message id, {@code ts} ms. */
    record Message(String conv, String from, String text, String id, Long ts) implements ServerFrame {
        public Message {
            require(conv, "conv");
            require(from, "from");
            require(text, "text");
        }
    }

    /** {@code partner} left conversation {@code conv}; {@code ended} is true when nobody else is left in it. */
    record PartnerLeft(String conv, String partner, Boolean ended) implements ServerFrame {
        public PartnerLeft {
            require(conv, "conv");
        }
    }

    /**
     * The receiver is no longer in conversation {@code conv} (it left, or skipped with next); without {@code conv},
     * it stopped waiting in the pairing queue.
     */
    record Left(String conv) implements ServerFrame {
    }

    /** {@code from} is typing in {@code conv}; see {@link TypingState} for how long to show it. */
    record Typing(String conv, String from, String state) implements ServerFrame {
        public Typing {
            require(conv, "conv");
            require(from, "from");
            require(state, "state");
        }
    }

    /**
     * The connection is now logged in as {@code name} (after {@code register}, {@code login} or {@code resume}).
     * {@code token} resumes the login later without the password until {@code expires} (epoch ms); keep it secret.
     * {@code recoveryCodes} comes only after {@code register}: one-time codes for {@code reset_password}, shown this
     * once and never again.
     */
    record LoggedIn(String re, String name, String token, Long expires, List<String> recoveryCodes, Boolean visible)
            implements ServerFrame {
        public LoggedIn {
            require(name, "name");
            require(token, "token");
            recoveryCodes = recoveryCodes == null ? null : List.copyOf(recoveryCodes);
        }
    }

    /** The connection is a guest again, as {@code handle}. */
    record LoggedOut(String re, String handle) implements ServerFrame {
        public LoggedOut {
            require(handle, "handle");
        }
    }

    /** Answers {@code ping}. */
    record Pong(String re) implements ServerFrame {
    }

    /** Text meant for a person: help, hints. A client shows it as it is. */
    record Notice(String text) implements ServerFrame {
        public Notice {
            require(text, "text");
        }
    }

    /** The server is closing the connection, for {@code reason} (quit, server_shutdown, slow_consumer, ...). */
    record Bye(String reason, String message) implements ServerFrame {
        public Bye {
            require(reason, "reason");
        }
    }
}
