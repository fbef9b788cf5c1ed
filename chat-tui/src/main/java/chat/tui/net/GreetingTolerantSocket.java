package chat.tui.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A connected plain socket for a TLS socket to be layered over, whose input drops one line of plain text that comes
 * before the server's first TLS record. A server that shares its port with plain text greets a connection that
 * stayed silent for its detection window in plain text; a TLS client that was merely slow then reads that line
 * before the ServerHello (the server goes on in TLS when the ClientHello arrives). The dropped line is kept: when
 * the handshake then fails, it tells why (a plain-only server's greeting, a refusal such as {@code ! banned: ...}).
 */
final class GreetingTolerantSocket extends Socket {

    /** A TLS handshake record starts with this byte. */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** The longest line dropped: a greeting or a refusal is far shorter. */
    private static final int MAX_LINE_BYTES = 4096;

    private final Socket socket;
    private final InputStream in;
    private volatile String skippedLine;

    GreetingTolerantSocket(Socket connected) throws IOException {
        this.socket = connected;
        PushbackInputStream raw = new PushbackInputStream(connected.getInputStream(), 1);
        this.in = new FilterInputStream(raw) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                skipLeadingLine();
                return super.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                skipLeadingLine();
                return super.read(buffer, offset, length);
            }

            private void skipLeadingLine() throws IOException {
                if (checked) {
                    return;
                }
                checked = true;
                int first = raw.read();
                if (first < 0 || first == TLS_HANDSHAKE_RECORD) {
                    if (first >= 0) {
                        raw.unread(first);
                    }
                    return;
                }
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                line.write(first);
                int b;
                while (line.size() < MAX_LINE_BYTES && (b = raw.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
                skippedLine = line.toString(StandardCharsets.UTF_8).strip();
            }
        };
    }

    /** The plain-text line dropped before the TLS records, or null when none came. */
    String skippedLine() {
        return skippedLine;
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public synchronized void close() throws IOException {
        socket.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public String toString() {
        return socket.toString();
    }
}
