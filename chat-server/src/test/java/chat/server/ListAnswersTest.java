package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists that grow with what others do (rooms and their topics, history, the inbox) come in pages that fit the
 * asker's outbound limit: asking for them never gets the asker cut off, and paging on shows every entry once.
 */
class ListAnswersTest {

    /** Small, so that a few dozen entries would overflow it in one answer. */
    private static final int OUTBOUND_LIMIT = 16 * 1024;

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).maxOutboundBytes(OUTBOUND_LIMIT)
                .rateLimit("all=off").registrationsPerHour(100));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void manyRoomsWithLongTopicsArePagedAndTheAskerStaysConnected() {
        String topic = "é".repeat(200);
        try (TestClient owner = TestClient.connect(server.port()); TestClient asker = TestClient.connect(server.port())) {
            for (int i = 0; i < 40; i++) {
                owner.send(new ClientFrame.Join(null, "#room-" + i));
                owner.frame(ServerFrame.Room.class);
                owner.frame(ServerFrame.History.class);
                owner.send(new ClientFrame.Topic("t" + i, "#room-" + i, topic));
                owner.awaitFrame(ServerFrame.Ok.class);
            }
            Set<String> listed = new LinkedHashSet<>();
            Integer offset = null;
            int pages = 0;
            do {
                asker.send(new ClientFrame.Rooms("r" + pages, offset));
                String line = asker.line();
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(OUTBOUND_LIMIT / 2);
                ServerFrame.RoomList page = (ServerFrame.RoomList) chat.core.wire.FrameCodec.decodeServer(line);
                page.rooms().forEach(room -> assertThat(listed.add(room.conv())).isTrue());
                assertThat(page.omitted() == null).isEqualTo(page.nextOffset() == null);
                if (page.omitted() != null) {
                    assertThat(page.omitted()).isEqualTo(40 - listed.size());
                }
                offset = page.nextOffset();
                pages++;
            } while (offset != null);
            assertThat(listed).hasSize(40);
            assertThat(pages).isGreaterThan(1);

            asker.send("/rooms");
            List<String> text = new ArrayList<>();
            String line;
            while (!(line = asker.line()).startsWith("*   and ")) {
                text.add(line);
            }
            assertThat(line).matches("\\*   and \\d+ more: /rooms \\d+");
            asker.send(new ClientFrame.Ping("still"));
            assertThat(asker.awaitFrame(ServerFrame.Pong.class).re()).isEqualTo("still");
        } catch (chat.core.wire.FrameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void historyOfLongMessagesComesInPiecesThatFit() {
        String text = "é".repeat(1_000);
        try (TestClient writer = TestClient.connect(server.port()); TestClient reader = TestClient.connect(server.port())) {
            join(writer, "#long");
            for (int i = 0; i < 20; i++) {
                writer.send(new ClientFrame.Say("s" + i, "#long", i + text));
                writer.awaitFrame(ServerFrame.Ok.class);
            }
            reader.send(new ClientFrame.Join(null, "#long"));
            reader.frame(ServerFrame.Room.class);
            ServerFrame.History onJoin = reader.frame(ServerFrame.History.class);
            assertThat(onJoin.messages()).isNotEmpty().hasSizeLessThan(20);
            assertThat(onJoin.more()).isTrue();

            List<String> seen = new ArrayList<>();
            String before = null;
            ServerFrame.History page;
            do {
                reader.send(new ClientFrame.History("h", "#long", before, 200));
                page = reader.awaitFrame(ServerFrame.History.class);
                List<String> older = new ArrayList<>();
                page.messages().forEach(message -> older.add(message.text()));
                seen.addAll(0, older);
                before = page.messages().get(0).id();
            } while (page.more());
            assertThat(seen).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(seen.get(i)).isEqualTo(i + text);
            }
        }
    }

    @Test
    void aLongInboxIsPagedAfterLoginAndOnRequest() {
        String text = "é".repeat(1_000);
        try (TestClient alice = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "password alice");
            for (int i = 0; i < 12; i++) {
                try (TestClient friend = TestClient.connect(server.port())) {
                    AccountsTest.register(friend, "friend" + i, "password friend");
                    friend.send(new ClientFrame.Say("m", "@alice", text));
                    friend.awaitFrame(ServerFrame.Ok.class);
                }
            }
        }
        try (TestClient alice = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Login("l", "alice", "password alice"));
            alice.frame(ServerFrame.LoggedIn.class);
            ServerFrame.ConversationList first = alice.frame(ServerFrame.ConversationList.class);
            assertThat(first.conversations()).isNotEmpty().hasSizeLessThan(12);
            assertThat(first.conversations().get(0).conv()).isEqualTo("@friend11"); // newest first
            Set<String> listed = new LinkedHashSet<>();
            first.conversations().forEach(summary -> listed.add(summary.conv()));
            Integer offset = first.nextOffset();
            while (offset != null) {
                alice.send(new ClientFrame.Conversations("c", offset));
                ServerFrame.ConversationList page = alice.awaitFrame(ServerFrame.ConversationList.class);
                page.conversations().forEach(summary -> assertThat(listed.add(summary.conv())).isTrue());
                offset = page.nextOffset();
            }
            assertThat(listed).hasSize(12);
        }
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join(null, room));
        client.frame(ServerFrame.Room.class);
        client.frame(ServerFrame.History.class);
    }
}
