package chat.bench;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The kinds of flood, one class each: the classes of abuse a security review of the server named, each of which
 * must not slow anyone else down. Each says how its attackers set themselves up and what they send.
 */
final class FloodAttacks {

    /** The password of the accounts the scenario makes. */
    static final String PASSWORD = "flood password";
    /** The room of the typing flood, which the bystander joins too. */
    static final String TYPING_ROOM = "#flood";

    private FloodAttacks() {
    }

    private static void send(FloodAttack.Attacker attacker, ClientFrame frame) {
        attacker.member.send(FrameCodec.encode(frame));
    }

    /** A line made of a small head and a large tail shared by every request (the tail is never copied). */
    private static void send(FloodAttack.Attacker attacker, String head, ByteBuffer tail) {
        attacker.member.sendRaw(ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
        attacker.member.sendRaw(tail);
    }

    /**
     * One account on every attacker connection pipelines {@code history} requests (limit 50) on a direct chat with
     * {@value #MESSAGES} messages in it: each a look-up in the store.
     */
    static final class History extends FloodAttack {
        private static final int MESSAGES = 60;
        private static final String CONV = "@trent";
        private String token;

        History(int count) {
            super(count, 2_000);
        }

        @Override
        void setUp(InetSocketAddress server, InetAddress source) throws IOException {
            try (SetupClient owner = new SetupClient(server, source);
                    SetupClient peer = new SetupClient(server, source)) {
                peer.register("trent", PASSWORD);
                token = owner.register("mallory", PASSWORD);
                for (int i = 0; i < MESSAGES; i++) {
                    owner.call(new ClientFrame.Say(null, CONV, "message " + i + " of the history the flood pages"));
                }
            }
        }

        @Override
        void greeted(Attacker attacker) {
            send(attacker, new ClientFrame.Resume("s", token)); // the account's login, without a bcrypt each
        }

        @Override
        void heard(Attacker attacker, String line) {
            if (Wire.is(line, "logged_in")) {
                ready(attacker);
            }
        }

        @Override
        boolean flood(Attacker attacker) {
            send(attacker, new ClientFrame.History(nextId(attacker), CONV, null, 50));
            return true;
        }
    }

    /** Guests re-queueing for random chats with interests: {@code next}, {@code leave}, {@code next}, ... */
    static final class Pairing extends FloodAttack {
        private static final List<String> TOPICS = List.of("music", "chess", "films", "books", "travel", "games",
                "cooking", "science", "art", "sport");

        Pairing(int count) {
            super(count, 8);
        }

        @Override
        void greeted(Attacker attacker) {
            ready(attacker);
        }

        @Override
        boolean flood(Attacker attacker) {
            String id = nextId(attacker);
            if (attacker.sent % 2 == 1) {
                int first = attacker.number % TOPICS.size();
                send(attacker, new ClientFrame.Next(id, null, List.of(TOPICS.get(first),
                        TOPICS.get((first + 3) % TOPICS.size()), TOPICS.get((first + 7) % TOPICS.size()))));
            } else {
                send(attacker, new ClientFrame.Leave(id, null));
            }
            return true;
        }
    }

    /** Members of one room (the bystander among them) sending typing active, paused, done, ... */
    static final class Typing extends FloodAttack {
        private static final String[] STATES = {"active", "paused", "done"};

        Typing(int count) {
            super(count, 8);
        }

        @Override
        void greeted(Attacker attacker) {
            send(attacker, new ClientFrame.Join("s", TYPING_ROOM));
        }

        @Override
        void heard(Attacker attacker, String line) {
            if (Wire.is(line, "room")) {
                ready(attacker);
            }
        }

        @Override
        boolean flood(Attacker attacker) {
            String id = nextId(attacker);
            send(attacker, new ClientFrame.Typing(id, TYPING_ROOM, STATES[(int) (attacker.sent % STATES.length)]));
            return true;
        }
    }

    /** Guests joining rooms that do not exist yet ({@code #r0}, {@code #r1}, ...): each would create one. */
    static final class Rooms extends FloodAttack {
        private long rooms;

        Rooms(int count) {
            super(count, 8);
        }

        @Override
        void greeted(Attacker attacker) {
            ready(attacker);
        }

        @Override
        boolean flood(Attacker attacker) {
            send(attacker, new ClientFrame.Join(nextId(attacker), "#r" + rooms++));
            return true;
        }
    }

    /** Guests in random chats reporting them with 60 KB reasons (the limit is 500 characters). */
    static final class Reports extends FloodAttack {
        private static final ByteBuffer REASON = ByteBuffer.wrap(("x".repeat(60 * 1024) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));

        Reports(int count) {
            super(count, 8);
        }

        @Override
        void greeted(Attacker attacker) {
            send(attacker, new ClientFrame.Next("s", null));
        }

        @Override
        void heard(Attacker attacker, String line) {
            if (Wire.is(line, "queued") || Wire.is(line, "paired")) {
                ready(attacker);
            }
        }

        @Override
        boolean flood(Attacker attacker) {
            send(attacker, "{\"type\":\"report\",\"id\":\"" + nextId(attacker) + "\",\"reason\":\"", REASON);
            return true;
        }
    }

    /**
     * Guests paired with each other: half of them upload to their random chat as fast as chunks are taken (a 25 MiB
     * file that is never finished: cancelled at its end and started again), the other half start uploads to rooms
     * they are not in.
     */
    static final class Uploads extends FloodAttack {
        private static final long SIZE = 25L * 1024 * 1024;
        private static final int CHUNK = 32 * 1024;
        private static final ByteBuffer DATA;
        private static final String SHA256;

        static {
            SecureRandom random = new SecureRandom();
            byte[] chunk = new byte[CHUNK];
            random.nextBytes(chunk);
            DATA = ByteBuffer.wrap((Base64.getEncoder().encodeToString(chunk) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            SHA256 = HexFormat.of().formatHex(digest);
        }

        /** An uploader's progress. */
        private static final class Upload {
            String conv;
            String startId;
            String id;
            long offset;
        }

        Uploads(int count) {
            super(count + count % 2, 4);
        }

        @Override
        void greeted(Attacker attacker) {
            attacker.state = new Upload();
            send(attacker, new ClientFrame.Next("s", null));
        }

        @Override
        void heard(Attacker attacker, String line) {
            Upload upload = (Upload) attacker.state;
            if (Wire.is(line, "paired")) {
                upload.conv = Wire.field(line, "conv");
                ready(attacker);
            } else if (Wire.is(line, "upload_ready") && upload.startId != null
                    && upload.startId.equals(Wire.field(line, "re"))) {
                upload.id = Wire.field(line, "upload");
                upload.offset = Wire.number(line, "offset");
            }
        }

        @Override
        void refused(Attacker attacker, String line) {
            Upload upload = (Upload) attacker.state;
            if (upload != null && upload.startId != null && Wire.field(line, "re") != null) {
                upload.startId = null; // start again: the refused start, or a chunk of a dropped upload
                upload.id = null;
            }
        }

        @Override
        boolean flood(Attacker attacker) {
            Upload upload = (Upload) attacker.state;
            if (attacker.number % 2 == 1) {
                send(attacker, new ClientFrame.UploadStart(nextId(attacker), "#nothere" + attacker.number,
                        "flood.bin", SIZE, SHA256));
                return true;
            }
            if (upload.id == null) {
                if (upload.startId != null) {
                    return false; // waiting for upload_ready
                }
                upload.startId = nextId(attacker);
                send(attacker, new ClientFrame.UploadStart(upload.startId, upload.conv, "flood.bin", SIZE, SHA256));
                return true;
            }
            if (upload.offset >= SIZE) {
                send(attacker, new ClientFrame.UploadCancel(nextId(attacker), upload.id));
                upload.id = null;
                upload.startId = null;
                return true;
            }
            send(attacker, "{\"type\":\"upload_chunk\",\"id\":\"" + nextId(attacker) + "\",\"upload\":\"" + upload.id
                    + "\",\"offset\":" + upload.offset + ",\"data\":\"", DATA);
            upload.offset += CHUNK;
            return true;
        }
    }

    /**
     * Password guessing and resets for names that do not exist: each a bcrypt hash on the server's workers (until
     * the login throttle refuses them without one). Guesses go to the bystanders' own names and to unknown ones.
     */
    static final class Logins extends FloodAttack {
        Logins(int count) {
            super(count, 8);
        }

        @Override
        void greeted(Attacker attacker) {
            ready(attacker);
        }

        @Override
        boolean flood(Attacker attacker) {
            String id = nextId(attacker);
            long n = attacker.sent;
            String unknown = "ghost" + attacker.number + "x" + n;
            if (n % 2 == 1) {
                String name = n % 4 == 1 ? (attacker.number % 2 == 0 ? "alice" : "bob") : unknown;
                send(attacker, new ClientFrame.Login(id, name, "wrong password " + n));
            } else {
                send(attacker, new ClientFrame.ResetPassword(id, unknown, "aaaa-bbbb-cccc-dddd", "new password 1"));
            }
            return true;
        }
    }

    /** Connections that each send a 60 KB line and never finish it (no newline), and hold it. */
    static final class Lines extends FloodAttack {
        private static final ByteBuffer LINE = ByteBuffer.wrap(("{\"type\":\"say\",\"text\":\""
                + "x".repeat(60 * 1024 - 22)).getBytes(StandardCharsets.UTF_8));

        Lines(int count) {
            super(count, 1);
        }

        @Override
        void greeted(Attacker attacker) {
            attacker.state = null;
            send(attacker, new ClientFrame.Ping("s")); // a first line, so the first-line timeout is not what acts
        }

        @Override
        void heard(Attacker attacker, String line) {
            if (Wire.is(line, "pong")) {
                ready(attacker);
            }
        }

        @Override
        void begin(Attacker attacker) {
            attacker.member.sendRaw(LINE);
            attacker.state = Boolean.TRUE;
        }

        @Override
        boolean flood(Attacker attacker) {
            return false;
        }

        /** Full once every connection has handed its whole line to the kernel. */
        @Override
        boolean full() {
            for (Attacker attacker : attackers()) {
                if (attacker.state != Boolean.TRUE || attacker.member == null || attacker.member.backlogged()) {
                    return false;
                }
            }
            return true;
        }
    }
}
