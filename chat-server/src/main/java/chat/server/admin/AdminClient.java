package chat.server.admin;

import chat.core.model.VisibleText;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator command's side of the admin socket: sends one request to the server running with the database and
 * prints its answer as if the command had run here.
 */
public final class AdminClient {

    /** The longest answer line taken: far more than any line a command prints. */
    private static final int MAX_ANSWER_LINE_BYTES = 1024 * 1024;

    private AdminClient() {
    }

    /**
     * Has the server running with {@code database} carry out {@code request}, printing its output to {@code out} and
     * {@code err} (escaped once more: whatever the server sends, no control character reaches the terminal).
     *
     * @return the command's exit status, or null when no server answers (none runs: the request was not sent)
     * @throws IOException when a server is there but cannot be reached (permissions) or the exchange failed; the
     *     request may then have been carried out or not
     */
    public static Integer run(Path database, AdminRequest request, PrintWriter out, PrintWriter err)
            throws IOException {
        Path path = AdminSocket.pathFor(database);
        if (!AdminSocket.fits(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        SocketChannel socket;
        try {
            socket = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (ConnectException e) {
            return null; // left by a server that did not stop cleanly
        }
        try (AdminChannel channel = new AdminChannel(socket)) {
            // Room for a request queued behind another operator's, then its own answer.
            long deadline = AdminChannel.deadline(AdminSocket.REQUEST_SECONDS + 2 * AdminSocket.ANSWER_SECONDS);
            channel.writeLine(request.encode(), deadline);
            while (true) {
                String line = channel.readLine(MAX_ANSWER_LINE_BYTES, deadline);
                if (line == null) {
                    throw new EOFException("the server closed the admin connection before it answered");
                }
                List<String> fields = AdminRequest.fields(line);
                String text = fields.size() > 1 ? VisibleText.escaped(fields.get(1)) : "";
                switch (fields.get(0)) {
                    case "out" -> out.println(text);
                    case "err" -> err.println(text);
                    case "exit" -> {
                        out.flush();
                        err.flush();
                        return parseStatus(text);
                    }
                    default -> throw new IOException("an answer the command does not understand: " + text);
                }
            }
        }
    }

    private static int parseStatus(String text) throws IOException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("a bad exit status from the server: " + text);
        }
    }
}
