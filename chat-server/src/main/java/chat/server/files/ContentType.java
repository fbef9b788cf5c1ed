package chat.server.files;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Tells a file's type from its first bytes, never from its name: a picture called {@code cat.txt} is a picture, and
 * a program called {@code cat.png} is not.
 */
public final class ContentType {

    /** Bytes needed to sniff. */
    public static final int HEAD_BYTES = 512;

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String GIF = "image/gif";
    public static final String PDF = "application/pdf";
    public static final String ZIP = "application/zip";
    public static final String TEXT = "text/plain";
    public static final String BINARY = "application/octet-stream";

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ContentType() {
    }

    /** The type of a file that starts with {@code head} (up to {@link #HEAD_BYTES} of it). */
    public static String sniff(byte[] head, int length) {
        if (startsWith(head, length, PNG_MAGIC)) {
            return PNG;
        }
        if (length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (startsWith(head, length, "GIF87a".getBytes(StandardCharsets.US_ASCII))
                || startsWith(head, length, "GIF89a".getBytes(StandardCharsets.US_ASCII))) {
            return GIF;
        }
        if (startsWith(head, length, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
            return PDF;
        }
        if (startsWith(head, length, new byte[] {'P', 'K', 3, 4})) {
            return ZIP;
        }
        return looksLikeText(head, length) ? TEXT : BINARY;
    }

    /** Whether the type is a picture the server previews. */
    public static boolean isImage(String type) {
        return PNG.equals(type) || JPEG.equals(type) || GIF.equals(type);
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static boolean looksLikeText(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b == 0 || b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        // A multi-byte character may be cut at the end of the head: ignore up to three trailing bytes.
        for (int cut = 0; cut <= Math.min(3, length); cut++) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, length - cut));
                return true;
            } catch (CharacterCodingException e) {
                // try with the last byte left out
            }
        }
        return false;
    }
}
