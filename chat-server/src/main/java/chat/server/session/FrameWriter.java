package chat.server.session;

import chat.core.wire.FrameCodec;
import chat.core.wire.ServerFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Turns frames into the bytes a connection receives, in its {@link OutputMode}. A frame sent to many recipients
 * in a row (a group message, a shutdown notice) is encoded once per mode: the last frame's bytes are remembered and
 * shared, read-only, between the recipients' queues. Loop thread only.
 */
final class FrameWriter {

    private static final byte[] NOTHING = new byte[0];

    private final TextRenderer textRenderer;
    private ServerFrame lastJsonFrame;
    private byte[] lastJson;
    private ServerFrame lastTextFrame;
    private byte[] lastText;

    FrameWriter(ZoneId zone) {
        this.textRenderer = new TextRenderer(zone);
    }

    /** The bytes for {@code frame}, or null when the mode shows nothing for it. */
    ByteBuffer bytes(ServerFrame frame, OutputMode mode) {
        byte[] bytes;
        if (mode == OutputMode.JSON) {
            if (frame != lastJsonFrame) {
                lastJson = FrameCodec.encodeLine(frame);
                lastJsonFrame = frame;
            }
            bytes = lastJson;
        } else {
            if (frame != lastTextFrame) {
                String text = textRenderer.render(frame);
                lastText = text == null ? NOTHING : text.getBytes(StandardCharsets.UTF_8);
                lastTextFrame = frame;
            }
            bytes = lastText;
        }
        // A buffer of its own per recipient (its position is that queue's), over an array shared and never written.
        return bytes.length == 0 ? null : ByteBuffer.wrap(bytes);
    }
}
