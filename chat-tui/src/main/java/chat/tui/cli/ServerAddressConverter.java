package chat.tui.cli;

import chat.tui.net.ServerAddresses;
import picocli.CommandLine;

/**
 * Reads a server address, or several separated by commas (the nodes of a cluster), on the command line with
 * {@link ServerAddresses#parse}, so a bad one is a usage error (exit status 2) with the parser's sentence, the same
 * for every command.
 */
final class ServerAddressConverter implements CommandLine.ITypeConverter<ServerAddresses> {

    @Override
    public ServerAddresses convert(String value) {
        try {
            return ServerAddresses.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
