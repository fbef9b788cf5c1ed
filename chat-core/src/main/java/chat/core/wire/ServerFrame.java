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
     * server's id and time of the message that was sent, and {@code delivered} says whether someone received it at
     * once (false: it waits for the recipient to come online).
     */
    record Ok(String re, String id, Long ts, String message, Boolean delivered) implements ServerFrame {
        public Ok(String re) {
            this(re, null, null, null, null);
        }

        /** An answer a person reads. */
        public static Ok saying(String re, String message) {
            return new Ok(re, null, null, message, null);
        }

        /** The answer to a {@code say}. */
        public static Ok sent(String re, String id, long ts, boolean delivered) {
            return new Ok(re, id, ts, null, delivered);
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
     * the strangers see for the receiver: its account name when it is logged in and not anonymous ({@code anon}),
     * else a handle that tells nothing.
     * {@code interests} are the ones the group shares, when it was matched on them.
     */
    record Paired(String conv, String partner, List<String> partners, Integer size, String you,
            List<String> interests) implements ServerFrame {
        public Paired {
            require(conv, "conv");
            partners = List.copyOf(require(partners, "partners"));
            interests = interests == null ? null : List.copyOf(interests);
        }
    }

    /**
     * Someone said something in conversation {@code conv}, as the receiver names it ({@code @alice} for a direct
     * chat with alice). {@code id} is the server's message id, {@code ts} ms since the epoch; {@code guest} marks a
     * guest speaking in a room.
     */
    record Message(String conv, String from, String text, String id, Long ts, Boolean guest, FileInfo file)
            implements ServerFrame {
        public Message {
            require(conv, "conv");
            require(from, "from");
            require(text, "text");
        }

        public Message(String conv, String from, String text, String id, Long ts) {
            this(conv, from, text, id, ts, null, null);
        }

        public Message(String conv, String from, String text, String id, Long ts, Boolean guest) {
            this(conv, from, text, id, ts, guest, null);
        }
    }

    /**
     * A shared file: its id for {@code download}, the sender's name for it (no directories), its size, and its type
     * as sniffed from the content. Pictures also carry their size in pixels and a small PNG {@code thumbnail}
     * (base64) to draw inline.
     */
    record FileInfo(String id, String name, Long size, String type, Integer width, Integer height,
            String thumbnail) {
    }

    /** An upload may go on: send chunks from {@code offset}. */
    record UploadReady(String re, String upload, Long offset, Integer chunkBytes) implements ServerFrame {
        public UploadReady {
            require(upload, "upload");
            require(offset, "offset");
        }
    }

    /** A chunk of an upload is written; {@code received} bytes so far. */
    record UploadProgress(String re, String upload, Long received) implements ServerFrame {
    }

    /** Bytes of a file, at {@code offset}, base64 in {@code data}; {@code size} is the whole file's. */
    record FileChunk(String re, String file, Long offset, String data, Long size) implements ServerFrame {
        public FileChunk {
            require(file, "file");
            require(data, "data");
        }
    }

    /** The receiver joined room {@code conv}: its topic, who is in it, and its limit. Recent history follows. */
    record Room(String re, String conv, String topic, List<String> members, Integer limit) implements ServerFrame {
        public Room {
            require(conv, "conv");
            members = members == null ? null : List.copyOf(members);
        }
    }

    /** {@code handle} joined room {@code conv}. */
    record MemberJoined(String conv, String handle, Boolean guest) implements ServerFrame {
    }

    /** {@code handle} left room {@code conv}. */
    record MemberLeft(String conv, String handle) implements ServerFrame {
    }

    /** The topic of room {@code conv} is now {@code topic}, set by {@code by}. */
    record TopicChanged(String conv, String topic, String by) implements ServerFrame {
    }

    /**
     * A room as listed by {@code rooms}: {@code members} accounts belong to it (online or not), {@code online} people
     * are in it now (members online and guests; hidden members not counted).
     */
    record RoomSummary(String conv, Integer members, Integer online, String topic) {
    }

    /**
     * Answers {@code rooms} with one page of the list; {@code omitted} counts the rooms after this page, and
     * {@code nextOffset} is the {@code offset} that asks for the next page (both absent on the last one).
     */
    record RoomList(String re, List<RoomSummary> rooms, Integer omitted, Integer nextOffset) implements ServerFrame {
        public RoomList {
            rooms = List.copyOf(require(rooms, "rooms"));
        }

        public RoomList(String re, List<RoomSummary> rooms) {
            this(re, rooms, null, null);
        }
    }

    /**
     * Stored messages of {@code conv}, oldest first; {@code more} when older ones exist (ask again with
     * {@code before} = the first id here).
     */
    record History(String re, String conv, List<Message> messages, Boolean more) implements ServerFrame {
        public History {
            messages = List.copyOf(require(messages, "messages"));
        }
    }

    /** A user as {@code who} and {@code whois} show them: {@code status} is online, away or offline. */
    record UserInfo(String name, String status, String message, Long lastSeen, Boolean guest) {
    }

    /**
     * Answers {@code who} (everyone visible online, or the members of room {@code conv}) with one page; paged as
     * {@link RoomList}.
     */
    record WhoList(String re, String conv, List<UserInfo> users, Integer omitted, Integer nextOffset)
            implements ServerFrame {
        public WhoList {
            users = List.copyOf(require(users, "users"));
        }

        public WhoList(String re, String conv, List<UserInfo> users) {
            this(re, conv, users, null, null);
        }
    }

    /** Answers {@code whois}. */
    record Presence(String re, UserInfo user) implements ServerFrame {
        public Presence {
            require(user, "user");
        }
    }

    /** A direct conversation with how many messages in it are unread, and its last message. */
    record ConversationSummary(String conv, Integer unread, Message last) {
    }

    /**
     * The logged-in user's direct conversations, most recent first, one page (paged as {@link RoomList}); the first
     * page is sent after login, any page in answer to {@code conversations}.
     */
    record ConversationList(String re, List<ConversationSummary> conversations, Integer omitted, Integer nextOffset)
            implements ServerFrame {
        public ConversationList {
            conversations = List.copyOf(require(conversations, "conversations"));
        }

        public ConversationList(String re, List<ConversationSummary> conversations) {
            this(re, conversations, null, null);
        }
    }

    /** Answers {@code blocks} with one page of the names, paged as {@link RoomList}. */
    record BlockList(String re, List<String> names, Integer omitted, Integer nextOffset) implements ServerFrame {
        public BlockList {
            names = List.copyOf(require(names, "names"));
        }

        public BlockList(String re, List<String> names) {
            this(re, names, null, null);
        }
    }

    /** The stranger in random chat {@code conv} asked to keep the conversation; {@code keep} to agree. */
    record KeepRequested(String conv) implements ServerFrame {
    }

    /** Both strangers kept random chat {@code conv}: it goes on as the direct conversation {@code direct}. */
    record Kept(String conv, String direct) implements ServerFrame {
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
     * once and never again. {@code visible} and {@code anon} are the account's settings ({@code visibility},
     * {@code anon}).
     */
    record LoggedIn(String re, String name, String token, Long expires, List<String> recoveryCodes, Boolean visible,
            Boolean anon) implements ServerFrame {
        public LoggedIn {
            require(name, "name");
            require(token, "token");
            recoveryCodes = recoveryCodes == null ? null : List.copyOf(recoveryCodes);
        }
    }

    /**
     * The account's {@code anon} setting was changed on another of its devices: from the next random chat on,
     * strangers meet it under a handle ({@code anon} true) or as its account name (false).
     */
    record Anon(Boolean anon) implements ServerFrame {
        public Anon {
            require(anon, "anon");
        }
    }

    /**
     * The account's read mark in {@code conv} moved on another of its devices (or on a netcat connection, which reads
     * what it is shown): everything up to message {@code upTo} is read, and {@code unread} messages of others are left
     * after it.
     */
    record ReadMark(String conv, String upTo, Integer unread) implements ServerFrame {
        public ReadMark {
            require(conv, "conv");
            require(upTo, "upTo");
            require(unread, "unread");
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
