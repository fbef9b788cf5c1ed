package chat.server.chat;

import chat.core.wire.ServerFrame;

/**
 * Where the chat domain puts frames for one participant. The session layer renders them (JSON or text) and queues
 * the bytes on the connection; the domain never sees a socket.
 */
public interface Outbox {

    /** Queues a frame for the participant. */
    void deliver(ServerFrame frame);

    /** Says goodbye with {@code bye} and closes the participant's connection once it is written. */
    void disconnect(ServerFrame.Bye bye);
}
