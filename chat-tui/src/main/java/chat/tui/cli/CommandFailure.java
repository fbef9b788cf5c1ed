package chat.tui.cli;

import chat.core.wire.ServerFrame;

/** A command that could not do its job: the message is the one line the user reads on stderr. */
final class CommandFailure extends Exception {

    private final ServerFrame.Error serverError;

    CommandFailure(String message) {
        this(message, null);
    }

    CommandFailure(String message, ServerFrame.Error serverError) {
        super(message, null, false, false);
        this.serverError = serverError;
    }

    /** The server's error, when the server refused. */
    ServerFrame.Error serverError() {
        return serverError;
    }
}
