package chat.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The log's own rules: client strings quoted and escaped, records one line each, repeats of one kind limited. */
class ServerLoggingTest {

    @Test
    void aClientStringIsQuotedEscapedAndCut() {
        assertThat(LogText.quote("bob")).isEqualTo("\"bob\"");
        assertThat(LogText.quote("x\n2026-11-30 12:00:00 INFO admin logged in\u001b[2J"))
                .isEqualTo("\"x\\n2026-11-30 12:00:00 INFO admin logged in\\u001B[2J\"");
        assertThat(LogText.quote("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
        assertThat(LogText.quote("😀".repeat(150))).isEqualTo("\"" + "😀".repeat(100) + "\"...(50 more characters)");
        assertThat(LogText.quote(null)).isEqualTo("null");
    }

    @Test
    void aRecordIsOneLinePlusStackFramesWhateverItsMessagesHold() {
        LogRecord record = new LogRecord(Level.SEVERE, "handling #room\n2026-11-30 12:00:00 INFO forged\u001b]0;x\u0007");
        record.setThrown(new IllegalStateException("bad conv @x\r\nINFO forged too",
                new RuntimeException("cause\u202Ehidden")));
        String text = new SafeLogFormatter().format(record);
        String[] lines = text.split(System.lineSeparator());
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d SEVERE handling #room\\\\n2026-11-30 .*")
                .contains("\\u001B]0;x\\u0007");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: bad conv @x\\r\\nINFO forged too");
        for (int i = 2; i < lines.length; i++) {
            assertThat(lines[i]).matches("\tat .*|Caused by: java.lang.RuntimeException: cause\\\\u202Ehidden");
        }
        assertThat(text).doesNotContain("\u001b").doesNotContain("\u202E").doesNotContain("\r");
    }

    @Test
    void repeatsOfOneKindAreLimitedAndCountedOnceTheMinuteIsOver() {
        List<LogRecord> published = new ArrayList<>();
        AtomicLong now = new AtomicLong(1_000_000);
        RepeatLimitingHandler limited = new RepeatLimitingHandler(collector(published), 10, 60_000, now::get);
        for (int i = 0; i < 2000; i++) {
            limited.publish(failure("a request failed", new IllegalStateException("boom " + i)));
        }
        limited.publish(failure("another place", null)); // another kind passes
        LogRecord info = new LogRecord(Level.INFO, "alice logged in");
        for (int i = 0; i < 50; i++) {
            limited.publish(info); // below WARNING: not limited
        }
        assertThat(published).hasSize(10 + 1 + 50);

        now.addAndGet(60_000);
        limited.publish(failure("a request failed", new IllegalStateException("again")));
        assertThat(published).hasSize(63);
        assertThat(published.get(61).getMessage())
                .isEqualTo("1990 more like \"a request failed\" (chat.test) were not logged in the last 60 s");
        assertThat(published.get(61).getLevel()).isEqualTo(Level.SEVERE);
        assertThat(published.get(62).getThrown()).hasMessage("again");
    }

    @Test
    void theServersHandlerWritesEachKindAtMostTenTimesAMinute() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Handler handler = ServerLogging.handler(out, Level.INFO);
        for (int i = 0; i < 2000; i++) {
            handler.publish(failure("a request failed", new IllegalStateException("boom")));
        }
        handler.flush();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.split("SEVERE a request failed", -1)).hasSize(11);
        assertThat(text).contains("1990 more like \"a request failed\"");
        assertThat(out.size()).isLessThan(150_000); // 2000 stack traces would be over 10 MB
    }

    private static LogRecord failure(String message, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, message);
        record.setLoggerName("chat.test");
        record.setSourceClassName("chat.test.Place");
        record.setSourceMethodName(message.replace(' ', '_'));
        record.setThrown(thrown);
        return record;
    }

    private static Handler collector(List<LogRecord> published) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                published.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
