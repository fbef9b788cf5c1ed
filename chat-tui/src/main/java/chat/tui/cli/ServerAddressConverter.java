package chat.tui.cli;

import chat.tui.net.HostPort;
import picocli.CommandLine;

/**
 * Reads a server address on the command line with {@link HostPort#parse}, so a bad one is a usage error (exit
 * status 2) with the parser's sentence, the same for every command.
 */
final class ServerAddressConverter implements CommandLine.ITypeConverter<HostPort> {

    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
