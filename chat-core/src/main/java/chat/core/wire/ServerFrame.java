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
     * A request with an {@code id} succeeded. For {@code say}, {@code id} and {@code ts} are the server's id and time
     * of the message that was sent.
     */
    record Ok(String re, String id, Long ts) implements ServerFrame {
        public Ok(String re) {
            this(re, null, null);
        }
    }

    /** A request failed, or a line could not be read; {@code code} is one of {@link ErrorCode}'s wire names. */
    record Error(String re, String code, String message) implements ServerFrame {
        public Error {
            require(code, "code");
            require(message, "message");
        }

        public Error(String re, ErrorCode code, String message) {
            this(re, code.wireName(), message);
        }
    }

    /** Answers {@code hello}: who the connection is and the limits it must respect. */
    record Welcome(String re, String handle, String server, Integer maxLineBytes, Integer maxMessageChars)
            implements ServerFrame {
        public Welcome {
            require(handle, "handle");
        }
    }

    /** The sender is waiting in the pairing queue for a group of {@code size}. */
    record Queued(Integer size) implements ServerFrame {
    }

    /**
     * The sender was matched with strangers in the random conversation {@code conv}. {@code partners} lists the
     * others' handles; {@code partner} is the first of them, the whole story for a pair.
     */
    record Paired(String conv, String partner, List<String> partners, Integer size) implements ServerFrame {
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
