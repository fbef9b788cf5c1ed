package chat.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VisibleTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "hello", "tab\tseparated", "hi 👋", "你好，世界", "こんにちは", "안녕하세요", "Tiếng Việt", "שלום", "مرحبا",
        "👨\u200D👩\u200D👧\u200D👦",             // family: ZWJ between emoji
        "🏳\uFE0F\u200D🌈",                        // rainbow flag: variation selector, then ZWJ
        "❤\uFE0F\u200D🔥", "👩🏽\u200D💻", "🐻\u200D❄\uFE0F", "⛹\uFE0F\u200D♂\uFE0F",
        "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // flag of Scotland: tags
        "1\uFE0F\u20E3", "☺\uFE0F", "葛\uDB40\uDD00",  // keycap; emoji presentation; an ideographic variant
        "می\u200Cخواهم",                           // Persian needs the zero-width non-joiner
        "क्\u200Dष",                               // Devanagari: ZWJ after a virama
        "e\u0301\u0302", "Ω ≠ ∞ → ✓", "\u00A0non-breaking\u3000space", "\uE000 private use"})
    void textThatShowsAsItIsPasses(String text) {
        assertThat(VisibleText.problemWith(text)).isNull();
        assertThat(VisibleText.isVisible(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u001b[2Jcleared", "\u001b]0;title\u0007", "line\nbreak", "cr\rhere", "\u0085", "\u007F",
        "\u202Etxt.exe", "a\u202Db", "\u2066isolate\u2069", "\u200Emark", "\u200F", "\u061C",
        "zero\u200Bwidth", "ad\u200Dmin", "ad\u200Cmin", "\u200D👍", "👍\u200D", "word\u2060joiner", "\uFEFFbom",
        "soft\u00ADhyphen", "\u3164", "\u115F", "grapheme\u034Fjoiner", "para\u2029sep", "line\u2028sep",
        "hidden\uDB40\uDC41\uDB40\uDC42",          // tag characters outside an emoji flag
        "🏴\uDB40\uDC67\uDB40\uDC62",                // tags with no cancel tag
        "lone \uD800 surrogate", "lone \uDC00", "\uFFFF", "\uFDD0",
        "a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
        "a\uFE0F\uFE0F", "\uFE0Fstart", "a \uFE0F"})
    void textThatHidesOrMovesThingsIsRefused(String text) {
        assertThat(VisibleText.problemWith(text)).isNotBlank();
        assertThat(VisibleText.isVisible(text)).isFalse();
    }

    @Test
    void theProblemNamesTheCharacter() {
        assertThat(VisibleText.problemWith("abc\u202Edef")).contains("bidirectional").contains("U+202E");
        assertThat(VisibleText.problemWith("\u001b")).contains("control").contains("U+001B");
    }

    @Test
    void escapingShowsEveryHiddenCharacterAndLeavesTheRestAlone() {
        assertThat(VisibleText.escaped("plain 👋 text")).isEqualTo("plain 👋 text");
        assertThat(VisibleText.escaped("[12:01] <admin> hi\n\u001b[2J")).isEqualTo("[12:01] <admin> hi\\n\\u001B[2J");
        assertThat(VisibleText.escaped("a\tb\rc")).isEqualTo("a\\tb\\rc");
        assertThat(VisibleText.escaped("\u202Etxt.exe")).isEqualTo("\\u202Etxt.exe");
        assertThat(VisibleText.escaped("x\uDB40\uDC41")).isEqualTo("x\\U000E0041");
        assertThat(VisibleText.escaped("lone \uD800")).isEqualTo("lone \\uD800");
        assertThat(VisibleText.escaped("\u3164")).isEqualTo("\\u3164");
        assertThat(VisibleText.escaped("😀\u0085")).isEqualTo("😀\\u0085");
    }
}
