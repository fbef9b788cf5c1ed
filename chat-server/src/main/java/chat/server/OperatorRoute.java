package chat.server;

import chat.server.admin.AdminClient;
import chat.server.admin.AdminRequest;
import chat.server.admin.AdminSocket;
import chat.server.admin.OperatorCommands;
import chat.server.admin.OperatorTarget;
import chat.server.files.FileVault;
import chat.server.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine;

/**
 * Where an operator command runs. When a server runs with the database, the request goes to it over its admin socket
 * ({@link AdminSocket}) and takes effect there at once, live connections included; when none runs, the command opens
 * the database file itself and does the same work there.
 */
final class OperatorRoute {

    private OperatorRoute() {
    }

    /** Runs {@code request} for the command {@code spec}; returns its exit status. */
    static int run(CommandLine.Model.CommandSpec spec, UsersCommand.DatabaseOption db, AdminRequest request) {
        return run(spec, db, request, null);
    }

    /**
     * Runs {@code request}; on the file, the contents of files it leaves unused are deleted under
     * {@code filesDirectory} (null: {@code files/} beside the database).
     */
    static int run(CommandLine.Model.CommandSpec spec, UsersCommand.DatabaseOption db, AdminRequest request,
            Path filesDirectory) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Integer status = db.postgres() ? null : AdminClient.run(db.file(), request, out, err);
            if (status != null) {
                return status;
            }
        } catch (IOException e) {
            err.println("chat-server: the server did not answer through " + AdminSocket.pathFor(db.file()) + ": "
                    + e.getMessage());
            return 1;
        }
        if (request.verb().needsServer()) {
            err.println(OperatorCommands.noServer(request.verb()));
            return 1;
        }
        Path files = filesDirectory != null ? filesDirectory
                : (db.postgres() ? ServerMain.DEFAULT_DATABASE : db.file()).toAbsolutePath().resolveSibling("files");
        try (Store store = db.open()) {
            OperatorTarget target = new OperatorTarget(store, shas -> {
                if (!shas.isEmpty()) {
                    FileVault vault = new FileVault(files);
                    for (String sha : shas) {
                        vault.delete(sha);
                    }
                }
            }, null);
            return OperatorCommands.run(request, target, out, err);
        } catch (SQLException e) {
            err.println("chat-server: " + e.getMessage());
            return 1;
        }
    }
}
