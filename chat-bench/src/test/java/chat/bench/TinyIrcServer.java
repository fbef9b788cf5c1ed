package chat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of an IRC server for the generator's IRC mode to be tested where InspIRCd is not installed: CAP
 * (echo-message only), NICK/USER and the welcome, JOIN with its names reply, channel PRIVMSG (echoed to a sender that
 * asked for echo-message), and a PING to every client once it is welcomed, which must be answered. A thread per
 * client; one lock for everything.
 */
final class TinyIrcServer implements AutoCloseable {

    private final class Client {
        final Socket socket;
        final OutputStream out;
        String nick;
        boolean echo;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void send(String line) {
            try {
                out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // gone; its reader thread ends it
            }
        }
    }

    private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    private final Map<String, List<Client>> channels = new HashMap<>();
    private int pongs;

    TinyIrcServer() throws IOException {
        Thread acceptor = new Thread(this::accept, "tiny-irc");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** How many PONGs clients sent. */
    synchronized int pongs() {
        return pongs;
    }

    private void accept() {
        try {
            while (true) {
                Client client = new Client(server.accept());
                Thread reader = new Thread(() -> serve(client), "tiny-irc-client");
                reader.setDaemon(true);
                reader.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Client client) {
        try (client.socket; BufferedReader in = new BufferedReader(new InputStreamReader(
                client.socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    handle(client, line);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void handle(Client client, String line) {
        String[] words = line.split(" ", 3);
        switch (words[0]) {
            case "CAP" -> {
                if (words[1].equals("REQ")) {
                    client.echo = true;
                    client.send(":tiny CAP * ACK :echo-message");
                }
            }
            case "NICK" -> client.nick = words[1];
            case "USER" -> {
                client.send(":tiny 001 " + client.nick + " :Welcome");
                client.send("PING :tiny");
            }
            case "PONG" -> pongs++;
            case "JOIN" -> {
                List<Client> members = channels.computeIfAbsent(words[1], c -> new ArrayList<>());
                members.add(client);
                for (Client member : members) {
                    member.send(":" + client.nick + "!u@h JOIN :" + words[1]);
                }
                client.send(":tiny 353 " + client.nick + " = " + words[1] + " :" + String.join(" ",
                        members.stream().map(m -> m.nick).toList()));
            }
            case "PRIVMSG" -> {
                for (Client member : channels.getOrDefault(words[1], List.of())) {
                    if (member != client || client.echo) {
                        member.send(":" + client.nick + "!u@h PRIVMSG " + words[1] + " " + words[2]);
                    }
                }
            }
            default -> {
                // nothing else is needed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
