package chat.core.wire;

import java.util.Arrays;

/**
 * The frames a server sends for nearly every message it relays, {@code message} and {@code ok}, written straight
 * into the UTF-8 bytes of one line: no reflection, no builder, no String in between. The bytes are exactly what
 * {@link FrameJsonWriter} (and so gson) would write: FrameJsonWriterTest compares them on random frames. Other
 * frames, and a message that shares a file, answer null here and take the general way. One reused buffer per
 * thread.
 */
final class HotFrameBytes {

    private static final byte[] MESSAGE = ascii("{\"type\":\"message\"");
    private static final byte[] OK = ascii("{\"type\":\"ok\"");
    private static final byte[] CONV = ascii(",\"conv\":");
    private static final byte[] FROM = ascii(",\"from\":");
    private static final byte[] TEXT = ascii(",\"text\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] GUEST = ascii(",\"guest\":");
    private static final byte[] RE = ascii(",\"re\":");
    private static final byte[] MESSAGE_FIELD = ascii(",\"message\":");
    private static final byte[] DELIVERED = ascii(",\"delivered\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final int KEEP_BYTES = 64 * 1024;
    private static final ThreadLocal<HotFrameBytes> BUFFERS = ThreadLocal.withInitial(HotFrameBytes::new);

    private byte[] buffer = new byte[512];
    private int length;

    private HotFrameBytes() {
    }

    /** The frame as one line of bytes, newline included, or null when it is not one written here. */
    static byte[] line(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message message && message.file() == null) {
            return BUFFERS.get().message(message);
        }
        if (frame instanceof ServerFrame.Ok ok) {
            return BUFFERS.get().ok(ok);
        }
        return null;
    }

    private byte[] message(ServerFrame.Message message) {
        length = 0;
        put(MESSAGE);
        field(CONV, message.conv());
        field(FROM, message.from());
        field(TEXT, message.text());
        field(ID, message.id());
        if (message.ts() != null) {
            put(TS);
            number(message.ts());
        }
        field(GUEST, message.guest());
        return finish();
    }

    private byte[] ok(ServerFrame.Ok ok) {
        length = 0;
        put(OK);
        field(RE, ok.re());
        field(ID, ok.id());
        if (ok.ts() != null) {
            put(TS);
            number(ok.ts());
        }
        field(MESSAGE_FIELD, ok.message());
        field(DELIVERED, ok.delivered());
        return finish();
    }

    private byte[] finish() {
        ensure(2);
        buffer[length++] = '}';
        buffer[length++] = '\n';
        byte[] line = Arrays.copyOf(buffer, length);
        if (buffer.length > KEEP_BYTES) {
            buffer = new byte[512]; // one huge message does not keep its buffer forever
        }
        return line;
    }

    private void field(byte[] name, Boolean value) {
        if (value != null) {
            put(name);
            put(value ? TRUE : FALSE);
        }
    }

    private void field(byte[] name, String value) {
        if (value != null) {
            put(name);
            string(value);
        }
    }

    /** A JSON string with gson's escapes (HTML escaping off), encoded as UTF-8 as String.getBytes would. */
    private void string(String text) {
        int count = text.length();
        ensure(count * 6 + 2);
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[at++] = (byte) c;
                    continue;
                }
                out[at++] = '\\';
                switch (c) {
                    case '"' -> out[at++] = '"';
                    case '\\' -> out[at++] = '\\';
                    case '\t' -> out[at++] = 't';
                    case '\b' -> out[at++] = 'b';
                    case '\n' -> out[at++] = 'n';
                    case '\r' -> out[at++] = 'r';
                    case '\f' -> out[at++] = 'f';
                    default -> at = unicodeEscape(out, at, c);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (c == '\u2028' || c == '\u2029') {
                out[at++] = '\\';
                at = unicodeEscape(out, at, c);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, text.charAt(++i));
                    out[at++] = (byte) (0xF0 | codePoint >> 18);
                    out[at++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                    out[at++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                    out[at++] = (byte) (0x80 | codePoint & 0x3F);
                } else {
                    out[at++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) replaces it
                }
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        out[at++] = '"';
        length = at;
    }

    /** {@code u00XX} after a backslash already written. */
    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = 'u';
        out[at++] = HEX[c >> 12 & 0xF];
        out[at++] = HEX[c >> 8 & 0xF];
        out[at++] = HEX[c >> 4 & 0xF];
        out[at++] = HEX[c & 0xF];
        return at;
    }

    private void number(long value) {
        ensure(20);
        if (value == Long.MIN_VALUE) {
            put(ascii(Long.toString(value)));
            return;
        }
        long rest = value;
        if (rest < 0) {
            buffer[length++] = '-';
            rest = -rest;
        }
        int digits = 1;
        for (long scale = 10; digits < 19 && rest >= scale; scale *= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
