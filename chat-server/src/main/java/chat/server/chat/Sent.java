package chat.server.chat;

import chat.core.wire.ServerFrame;

/**
 * A message that went out: as its sender's other devices see it, and whether anyone received it at once (false: a
 * direct message waiting for its recipient to come online).
 */
public record Sent(ServerFrame.Message message, boolean delivered) {
}
