package chat.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The netcat commands become the same frames a JSON client sends. */
class InlineCommandsTest {

    @Test
    void plainTextIsSaidAndADoubleSlashSaysASlash() throws FrameException {
        assertThat(InlineCommands.parse("hello 你好")).isEqualTo(new ClientFrame.Say(null, null, "hello 你好"));
        assertThat(InlineCommands.parse("//shrug")).isEqualTo(new ClientFrame.Say(null, null, "/shrug"));
    }

    @Test
    void commandsBecomeFrames() throws FrameException {
        assertThat(InlineCommands.parse("/next")).isEqualTo(new ClientFrame.Next(null, null));
        assertThat(InlineCommands.parse("/next 3")).isEqualTo(new ClientFrame.Next(null, 3));
        assertThat(InlineCommands.parse("/NEXT  2")).isEqualTo(new ClientFrame.Next(null, 2));
        assertThat(InlineCommands.parse("/leave")).isEqualTo(new ClientFrame.Leave(null, null));
        assertThat(InlineCommands.parse("/quit")).isEqualTo(new ClientFrame.Quit(null));
        assertThat(InlineCommands.parse("/help")).isEqualTo(new ClientFrame.Help(null));
        assertThat(InlineCommands.parse("/ping")).isEqualTo(new ClientFrame.Ping(null));
        assertThat(InlineCommands.parse("/whoami")).isEqualTo(new ClientFrame.Hello(null, null));
        assertThat(InlineCommands.parse("/login alice pass word")).isEqualTo(
                new ClientFrame.Login(null, "alice", "pass word"));
        assertThat(InlineCommands.parse("/register bob hunter2hunter2")).isEqualTo(
                new ClientFrame.Register(null, "bob", "hunter2hunter2"));
        assertThat(InlineCommands.parse("/logout all")).isEqualTo(new ClientFrame.Logout(null, true));
        assertThat(InlineCommands.parse("/passwd old new one")).isEqualTo(
                new ClientFrame.ChangePassword(null, "old", "new one"));
        assertThat(InlineCommands.parse("/reset alice abcd-efgh new pass")).isEqualTo(
                new ClientFrame.ResetPassword(null, "alice", "abcd-efgh", "new pass"));
        assertThat(InlineCommands.parse("/delete-account pw")).isEqualTo(new ClientFrame.DeleteAccount(null, "pw"));
        assertThat(InlineCommands.parse("/visible off")).isEqualTo(new ClientFrame.Visibility(null, false));
        assertThat(InlineCommands.parse("/anon ON")).isEqualTo(new ClientFrame.Anon(null, true));
        assertThat(InlineCommands.parse("/anon off")).isEqualTo(new ClientFrame.Anon(null, false));
        assertThat(InlineCommands.parse("/anon")).isEqualTo(new ClientFrame.Anon(null, null));
        assertThat(InlineCommands.parse("/next music,Chess")).isEqualTo(
                new ClientFrame.Next(null, null, java.util.List.of("music", "chess")));
        assertThat(InlineCommands.parse("/next 3 go")).isEqualTo(
                new ClientFrame.Next(null, 3, java.util.List.of("go")));
        assertThat(InlineCommands.parse("/msg bob hi there")).isEqualTo(new ClientFrame.Say(null, "@bob", "hi there"));
        assertThat(InlineCommands.parse("/join rust")).isEqualTo(new ClientFrame.Join(null, "#rust"));
        assertThat(InlineCommands.parse("/part")).isEqualTo(new ClientFrame.Part(null, null));
        assertThat(InlineCommands.parse("/go #rust")).isEqualTo(new ClientFrame.Focus(null, "#rust"));
        assertThat(InlineCommands.parse("/history 5")).isEqualTo(new ClientFrame.History(null, null, null, 5));
        assertThat(InlineCommands.parse("/history #lobby")).isEqualTo(new ClientFrame.History(null, "#lobby", null, 20));
        assertThat(InlineCommands.parse("/history @bob 7")).isEqualTo(new ClientFrame.History(null, "@bob", null, 7));
        assertThat(InlineCommands.parse("/away lunch")).isEqualTo(new ClientFrame.Away(null, true, "lunch"));
        assertThat(InlineCommands.parse("/back")).isEqualTo(new ClientFrame.Away(null, false, null));
        assertThat(InlineCommands.parse("/block guest-1234")).isEqualTo(new ClientFrame.Block(null, "guest-1234"));
        assertThat(InlineCommands.parse("/report spam bot")).isEqualTo(new ClientFrame.Report(null, null, "spam bot"));
        assertThat(InlineCommands.parse("/report guest-1234 spam bot"))
                .isEqualTo(new ClientFrame.Report(null, null, "guest-1234", "spam bot"));
        assertThat(InlineCommands.parse("/report guest-1234"))
                .isEqualTo(new ClientFrame.Report(null, null, "guest-1234", null));
        assertThat(InlineCommands.parse("/report guests are spamming"))
                .isEqualTo(new ClientFrame.Report(null, null, "guests are spamming"));
        assertThat(InlineCommands.parse("/keep")).isEqualTo(new ClientFrame.Keep(null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/next 1", "/next 9", "/next 2 a,b c", "/login alice", "/register", "/logout now",
            "/visible maybe", "/reset alice code", "/anon yes"})
    void badArgumentsAreExplained(String line) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> InlineCommands.parse(line));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(e.getMessage()).startsWith("usage: /");
    }

    @Test
    void anUnknownCommandIsNamed() {
        FrameException e = catchThrowableOfType(FrameException.class, () -> InlineCommands.parse("/teleport home"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(e.getMessage()).contains("/teleport").contains("/help");
    }

    @Test
    void everyCommandHasAUsageAndASummary() {
        assertThat(InlineCommands.all()).isNotEmpty().allSatisfy(command -> {
            assertThat(command.usage()).startsWith("/" + command.name());
            assertThat(command.summary()).isNotBlank();
        });
    }
}
