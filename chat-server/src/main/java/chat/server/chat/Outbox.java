package chat.server.chat;

import chat.core.wire.ServerFrame;

/**
 * Where the chat domain puts frames for one participant. The session layer renders them (JSON or text) and queues
 * the bytes on the connection; the domain never sees a socket.
 */
@FunctionalInterface
public interface Outbox {
    void deliver(ServerFrame frame);
}
