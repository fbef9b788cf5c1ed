package chat.core.wire;

import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed input is rejected instead of being replaced with U+FFFD. */
final class Utf8 {

    private Utf8() {
    }

    /** Decodes the bytes, or returns {@code null} when they are not well-formed UTF-8 (RFC 3629). */
    static String decodeStrict(byte[] bytes, int offset, int length) {
        return isWellFormed(bytes, offset, length) ? new String(bytes, offset, length, StandardCharsets.UTF_8) : null;
    }

    static boolean isWellFormed(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b0 = b[i] & 0xFF;
            if (b0 < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int max = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (b0 == 0xE0) {
                need = 2;
                min = 0xA0; // no overlong forms
            } else if (b0 >= 0xE1 && b0 <= 0xEC || b0 == 0xEE || b0 == 0xEF) {
                need = 2;
                min = 0x80;
            } else if (b0 == 0xED) {
                need = 2;
                min = 0x80;
                max = 0x9F; // no UTF-16 surrogates
            } else if (b0 == 0xF0) {
                need = 3;
                min = 0x90;
            } else if (b0 >= 0xF1 && b0 <= 0xF3) {
                need = 3;
                min = 0x80;
            } else if (b0 == 0xF4) {
                need = 3;
                min = 0x80;
                max = 0x8F; // nothing above U+10FFFF
            } else {
                return false;
            }
            if (i + need >= end) { // truncated sequence
                return false;
            }
            int b1 = b[i + 1] & 0xFF;
            if (b1 < min || b1 > max) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int bk = b[i + k] & 0xFF;
                if (bk < 0x80 || bk > 0xBF) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
