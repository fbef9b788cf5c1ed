package chat.core.wire;

import static chat.core.wire.InvalidFrameException.check;
import static chat.core.wire.InvalidFrameException.require;

import java.util.List;

/**
 * A frame a client sends to the server. Every request may carry an {@code id} chosen by the client; the server
 * echoes it as {@code re} in the reply ({@code ok}, {@code error}, {@code pong}). The wire name of each frame is its
 * record name in snake_case ({@link FrameCodec}); docs/PROTOCOL.md is the full specification.
 */
public sealed interface ClientFrame {

    /** Longest request id: it is echoed and stored with messages (to spot resends), so it is bounded. */
    int MAX_ID_LENGTH = 64;

    /** The client's request id, or {@code null}. */
    String id();

    /** Introduces a client; the server answers with {@code welcome}. Optional. */
    record Hello(String id, String client) implements ClientFrame {
    }

    /**
     * Asks for random strangers: joins the pairing queue, leaving the current random conversation first if there is
     * one. {@code size} is the group size including the sender (2 to 8; {@code null} means 2). {@code interests}
     * prefer strangers who share one, for a few seconds.
     */
    record Next(String id, Integer size, List<String> interests) implements ClientFrame {
        /** Smallest random group: a pair. */
        public static final int MIN_SIZE = 2;
        /** Largest random group. */
        public static final int MAX_SIZE = 8;

        /** Most interests one request may name. */
        public static final int MAX_INTERESTS = 10;

        public Next {
            check(size == null || size >= MIN_SIZE && size <= MAX_SIZE, "size",
                    "must be between " + MIN_SIZE + " and " + MAX_SIZE);
            check(interests == null || interests.size() <= MAX_INTERESTS, "interests",
                    "may name at most " + MAX_INTERESTS);
            interests = interests == null ? null : List.copyOf(interests);
        }

        public Next(String id, Integer size) {
            this(id, size, null);
        }

        /** The requested group size, defaulting to a pair. */
        public int groupSize() {
            return size == null ? MIN_SIZE : size;
        }
    }

    /** Says {@code text} in conversation {@code conv}, or in the current conversation when {@code conv} is null. */
    record Say(String id, String conv, String text) implements ClientFrame {
        public Say {
            require(text, "text");
        }
    }

    /** Leaves conversation {@code conv}, or the current one; also stops waiting in the pairing queue. */
    record Leave(String id, String conv) implements ClientFrame {
    }

    /**
     * Tells the others in a conversation that the sender is typing. {@code state} is {@code active} (default),
     * {@code paused} or {@code done}, as in the IRCv3 typing client tag.
     */
    record Typing(String id, String conv, String state) implements ClientFrame {
        public Typing {
            check(state == null || TypingState.parse(state) != null, "state", "must be active, paused or done");
        }

        /** The typing state, defaulting to {@link TypingState#ACTIVE}. */
        public TypingState typingState() {
            return state == null ? TypingState.ACTIVE : TypingState.parse(state);
        }
    }

    /** Creates an account and logs in; the answer is {@code logged_in} with one-time recovery codes. */
    record Register(String id, String name, String password) implements ClientFrame {
        public Register {
            require(name, "name");
            require(password, "password");
        }

        @Override
        public String toString() {
            return "Register[id=" + id + ", name=" + name + ", password=<hidden>]";
        }
    }

    /** Logs in with a password; the answer is {@code logged_in} with a session token. */
    record Login(String id, String name, String password) implements ClientFrame {
        public Login {
            require(name, "name");
            require(password, "password");
        }

        @Override
        public String toString() {
            return "Login[id=" + id + ", name=" + name + ", password=<hidden>]";
        }
    }

    /** Logs in with a session token from an earlier {@code logged_in}. */
    record Resume(String id, String token) implements ClientFrame {
        public Resume {
            require(token, "token");
        }

        @Override
        public String toString() {
            return "Resume[id=" + id + ", token=<hidden>]";
        }
    }

    /** Ends this login (its token stops working); with {@code everywhere}, every login of the account. */
    record Logout(String id, Boolean everywhere) implements ClientFrame {
    }

    /** Changes the password; every other login of the account ends. */
    record ChangePassword(String id, String oldPassword, String newPassword) implements ClientFrame {
        public ChangePassword {
            require(oldPassword, "oldPassword");
            require(newPassword, "newPassword");
        }

        @Override
        public String toString() {
            return "ChangePassword[id=" + id + ", passwords=<hidden>]";
        }
    }

    /** Sets a new password with a one-time recovery code; every login of the account ends. */
    record ResetPassword(String id, String name, String code, String newPassword) implements ClientFrame {
        public ResetPassword {
            require(name, "name");
            require(code, "code"); // without newPassword: only checks the code, using nothing
        }

        @Override
        public String toString() {
            return "ResetPassword[id=" + id + ", name=" + name + ", code=<hidden>, newPassword=<hidden>]";
        }
    }

    /** Deletes the logged-in account and its data; needs the password. */
    record DeleteAccount(String id, String password) implements ClientFrame {
        public DeleteAccount {
            require(password, "password");
        }

        @Override
        public String toString() {
            return "DeleteAccount[id=" + id + ", password=<hidden>]";
        }
    }

    /** Shows or hides the logged-in account in the list of who is online. */
    record Visibility(String id, Boolean visible) implements ClientFrame {
        public Visibility {
            require(visible, "visible");
        }
    }

    /**
     * Sets how the logged-in account meets strangers in random chats, on every device, from the next chat on:
     * {@code anon} true under a handle that tells nothing, false (the default) as the account name. Without
     * {@code anon}, asks which it is (a guest too).
     */
    record Anon(String id, Boolean anon) implements ClientFrame {
    }

    /** Joins a room ({@code #name}), creating it if it does not exist. */
    record Join(String id, String room) implements ClientFrame {
        public Join {
            require(room, "room");
        }
    }

    /** Leaves a room ({@code conv}, or the current one). */
    record Part(String id, String conv) implements ClientFrame {
    }

    /**
     * Makes {@code conv} the current conversation, where a {@code say} without {@code conv} goes; the answer is its
     * recent history. Netcat's {@code /go}; a JSON client names {@code conv} in every frame instead.
     */
    record Focus(String id, String conv) implements ClientFrame {
        public Focus {
            require(conv, "conv");
        }
    }

    /** Lists the rooms that have people in them. */
    record Rooms(String id, Integer offset) implements ClientFrame {
        public Rooms {
            checkOffset(offset);
        }

        public Rooms(String id) {
            this(id, null);
        }
    }

    /** Sets the topic of a room the sender is in. */
    record Topic(String id, String conv, String topic) implements ClientFrame {
        public Topic {
            require(topic, "topic");
        }
    }

    /** Asks for stored messages of a conversation, newest first, older than {@code before} (a message id). */
    record History(String id, String conv, String before, Integer limit) implements ClientFrame {
        public History {
            check(limit == null || limit >= 1 && limit <= 200, "limit", "must be between 1 and 200");
        }
    }

    /** Lists who is online (visible users), or who is in room {@code conv}. */
    record Who(String id, String conv, Integer offset) implements ClientFrame {
        public Who {
            checkOffset(offset);
        }

        public Who(String id, String conv) {
            this(id, conv, null);
        }
    }

    /** Asks whether {@code name} is online, away or offline, and since when. */
    record Whois(String id, String name) implements ClientFrame {
        public Whois {
            require(name, "name");
        }
    }

    /** Sets the sender's presence: away (with an optional message) or back online. */
    record Away(String id, Boolean away, String message) implements ClientFrame {
        public Away {
            require(away, "away");
        }
    }

    /** Lists the direct conversations of the logged-in user with their unread counts. */
    record Conversations(String id, Integer offset) implements ClientFrame {
        public Conversations {
            checkOffset(offset);
        }

        public Conversations(String id) {
            this(id, null);
        }
    }

    /** Marks a direct conversation read up to message {@code upTo}. */
    record Read(String id, String conv, String upTo) implements ClientFrame {
        public Read {
            require(conv, "conv");
            require(upTo, "upTo");
        }
    }

    /** Blocks {@code name}: an account name, or the handle of a stranger. */
    record Block(String id, String name) implements ClientFrame {
        public Block {
            require(name, "name");
        }
    }

    /** Lifts a block. */
    record Unblock(String id, String name) implements ClientFrame {
        public Unblock {
            require(name, "name");
        }
    }

    /** Lists who the sender blocks. */
    record Blocks(String id, Integer offset) implements ClientFrame {
        public Blocks {
            checkOffset(offset);
        }

        public Blocks(String id) {
            this(id, null);
        }
    }

    /**
     * Reports conversation {@code conv} (or the current one, else the last random chat) to the operator, with its last
     * lines as evidence; or, with {@code name}, the stranger who had that handle in one of the sender's recent random
     * chats.
     */
    record Report(String id, String conv, String name, String reason) implements ClientFrame {
        /** A report of a conversation, not of one stranger. */
        public Report(String id, String conv, String reason) {
            this(id, conv, null, reason);
        }
    }

    /** Asks to keep the random conversation as a direct one; both strangers must ask and be registered. */
    record Keep(String id, String conv) implements ClientFrame {
    }

    /**
     * Starts sending a file to {@code conv}: its name (shown, never used as a path), size and SHA-256 (hex). The
     * answer, {@code upload_ready}, names the upload and the offset to send from (more than 0 when an interrupted
     * upload of the same file resumes).
     */
    record UploadStart(String id, String conv, String name, Long size, String sha256) implements ClientFrame {
        public UploadStart {
            require(name, "name");
            require(size, "size");
            require(sha256, "sha256");
            check(size >= 1, "size", "must be at least 1");
            check(sha256.matches("[0-9a-fA-F]{64}"), "sha256", "must be 64 hex digits");
        }
    }

    /** A piece of an upload: {@code data} (base64) belongs at {@code offset}, right after what came before. */
    record UploadChunk(String id, String upload, Long offset, String data) implements ClientFrame {
        public UploadChunk {
            require(upload, "upload");
            require(offset, "offset");
            require(data, "data");
        }
    }

    /** Ends an upload: the server checks size and SHA-256 and posts the file in the conversation. */
    record UploadFinish(String id, String upload) implements ClientFrame {
        public UploadFinish {
            require(upload, "upload");
        }
    }

    /** Gives up an upload; what was received is thrown away. */
    record UploadCancel(String id, String upload) implements ClientFrame {
        public UploadCancel {
            require(upload, "upload");
        }
    }

    /** Asks for bytes of a file from {@code offset}; the answer is {@code file_chunk} frames, then {@code ok}. */
    record Download(String id, String file, Long offset) implements ClientFrame {
        public Download {
            require(file, "file");
            check(offset == null || offset >= 0, "offset", "must not be negative");
        }
    }

    /**
     * A list request's {@code offset}: how many entries of the list to skip, for the pages after the first (an answer
     * that leaves entries out says {@code nextOffset}).
     */
    private static void checkOffset(Integer offset) {
        check(offset == null || offset >= 0, "offset", "must not be negative");
    }

    /** Asks for a {@code pong}; a cheap way to check the connection. */
    record Ping(String id) implements ClientFrame {
    }

    /** Asks the server for the command overview, sent back as {@code notice} lines. */
    record Help(String id) implements ClientFrame {
    }

    /** Ends the connection politely: the server answers {@code bye} and closes. */
    record Quit(String id) implements ClientFrame {
    }
}
