package chat.tui.net;

import chat.core.security.Fingerprint;
import chat.tui.config.KnownServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether a TLS server is who it claims to be, the way ssh does for hosts:
 * <ol>
 *   <li>a certificate the system's trust store vouches for, with the host name checked, is trusted;</li>
 *   <li>otherwise (a self-signed server) the certificate is trusted on first use: its fingerprint is shown and pinned
 *       in {@link KnownServers}, and from then on only that certificate is accepted for that host and port. Another
 *       one fails loudly with {@link ChangedCertificateException}.</li>
 * </ol>
 * Only TLS 1.3 is spoken, as by the server.
 */
public final class ServerTrust {

    /**
     * A TLS socket after a successful handshake, a sentence about why the server was trusted, and whether its
     * certificate was pinned just now (the one time the user should compare the fingerprint).
     */
    public record Secured(SSLSocket socket, String note, boolean firstUse) {
    }

    /** The server presents another certificate than the one pinned for it: maybe someone in between. */
    public static final class ChangedCertificateException extends SSLException {
        private static final long serialVersionUID = 1L;

        ChangedCertificateException(String message) {
            super(message);
        }
    }

    private final KnownServers known;
    private final X509ExtendedTrustManager system;

    public ServerTrust(KnownServers known) {
        this.known = known;
        this.system = systemTrustManager();
    }

    /** A server answered a TLS handshake in plain text, or closed it at once: it has no TLS on that port. */
    public static final class PlainTextAnswerException extends SSLException {
        private static final long serialVersionUID = 1L;

        PlainTextAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A TLS connection prepared before any byte goes out: the context and the trust check are ready, and a
     * ClientHello has been composed once (the JDK loads and initialises its key exchange on the first one), so the
     * handshake starts as soon as the connection is made. A server that shares its port with plain text waits a
     * moment for a handshake before it greets a silent connection in plain text; a handshake that comes later still
     * works (the greeting line is dropped), but the sooner the better.
     */
    public final class Handshake {
        private final HostPort server;
        private final Pinning pinning;
        private final SSLSocketFactory factory;
        private Socket plain;
        private GreetingTolerantSocket tolerant;

        private Handshake(HostPort server) throws IOException {
            this.server = server;
            this.pinning = new Pinning(server.hostAndPort());
            try {
                SSLContext context = SSLContext.getInstance("TLSv1.3");
                context.init(null, new TrustManager[] {pinning}, null);
                rehearseClientHello(context);
                factory = context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IOException("TLS is not available in this Java: " + e.getMessage(), e);
            }
        }

        /**
         * Connects and runs the handshake at once. TLS runs over a socket that drops a plain greeting line the
         * server may send first, when the handshake reached it after its detection window.
         *
         * @throws ChangedCertificateException when the certificate differs from the pinned one
         * @throws PlainTextAnswerException when the server answered in plain text
         * @throws ChatClient.RefusedException when the server refused the connection ({@code ! banned: ...})
         * @throws IOException when the connection or the handshake fails for another reason (the message says which)
         */
        public Secured connect(int timeoutMillis) throws IOException {
            plain = new Socket();
            SSLSocket socket = null;
            try {
                plain.setTcpNoDelay(true);
                plain.setKeepAlive(true);
                plain.connect(new InetSocketAddress(server.host(), server.port()), timeoutMillis);
                tolerant = new GreetingTolerantSocket(plain);
                socket = (SSLSocket) factory.createSocket(tolerant, server.host(), server.port(), true);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must match a CA-signed cert
                parameters.setProtocols(new String[] {"TLSv1.3"});
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(timeoutMillis);
                socket.startHandshake();
                socket.setSoTimeout(0);
                return new Secured(socket, pinning.note, pinning.firstUse);
            } catch (IOException e) {
                plain.close();
                throw handshakeFailure(e);
            }
        }

        private IOException handshakeFailure(IOException e) {
            if (pinning.changed != null) {
                return pinning.changed;
            }
            if (!plain.isConnected() || tolerant == null) {
                return e; // not as far as TLS: refused, unreachable, timed out
            }
            if (e.getCause() instanceof CertificateException certificate) {
                return new IOException("the TLS certificate of " + server.hostAndPort() + " is not valid: "
                        + certificate.getMessage(), e);
            }
            String skipped = tolerant.skippedLine();
            if (skipped != null && skipped.startsWith("! ") && skipped.indexOf(':') > 2
                    && !skipped.startsWith("! tls_unavailable:")) {
                int colon = skipped.indexOf(':');
                return new ChatClient.RefusedException(skipped.substring(2, colon), skipped.substring(colon + 1)
                        .strip());
            }
            String message = String.valueOf(e.getMessage());
            if (skipped != null || e instanceof SSLException && (message.contains("unrecognized SSL message")
                    || message.contains("Remote host terminated the handshake"))) {
                return new PlainTextAnswerException("the TLS handshake with " + server.hostAndPort()
                        + " failed: the server does not speak TLS on that port (a server without --tls-keystore"
                        + " closes a TLS handshake, or answers it in plain text)", e);
            }
            return new IOException("the TLS handshake with " + server.hostAndPort() + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** Everything for a TLS connection to {@code server}, built now so that connecting is all that is left. */
    public Handshake prepare(HostPort server) throws IOException {
        return new Handshake(server);
    }

    /** Composes one ClientHello with an engine of {@code context} and throws it away. */
    private static void rehearseClientHello(SSLContext context) throws SSLException {
        SSLEngine engine = context.createSSLEngine("rehearsal.invalid", 1);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        engine.closeOutbound();
    }

    /** Trusts what the system trusts, else the pinned fingerprint, else pins on first use. */
    private final class Pinning extends X509ExtendedTrustManager {
        private final String server;
        private volatile String note;
        private volatile boolean firstUse;
        private volatile ChangedCertificateException changed;

        Pinning(String server) {
            this.server = server;
        }

        /** A check by the system's trust store (with the connection, for the host name). */
        private interface AuthorityCheck {
            void run() throws CertificateException;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> system.checkServerTrusted(chain, authType, engine));
        }

        private void check(X509Certificate[] chain, AuthorityCheck byAuthority) throws CertificateException {
            try {
                byAuthority.run();
                note = "TLS: the certificate of " + server + " is vouched for by the system's trust store";
            } catch (CertificateException notByAnAuthority) {
                checkPinned(chain);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server is checked with its connection, for the host name");
        }

        private void checkPinned(X509Certificate[] chain) throws CertificateException {
            String fingerprint = Fingerprint.of(chain[0]);
            Optional<String> pinned;
            try {
                pinned = known.fingerprint(server);
            } catch (IOException e) {
                throw new CertificateException("cannot read " + known.file() + ": " + e.getMessage(), e);
            }
            if (pinned.isPresent()) {
                if (pinned.get().equals(fingerprint)) {
                    note = "TLS: the certificate of " + server + " is the one pinned on first use";
                    return;
                }
                changed = new ChangedCertificateException(String.join(System.lineSeparator(),
                        "THE TLS CERTIFICATE OF " + server + " HAS CHANGED since you first connected!",
                        "  pinned: " + pinned.get(),
                        "  now:    " + fingerprint,
                        "Someone may be intercepting the connection, or the operator made a new certificate. Ask the",
                        "operator; only if they did, delete the line for " + server + " in " + known.file()
                                + " and connect again."));
                throw new CertificateException(changed.getMessage());
            }
            chain[0].checkValidity();
            try {
                known.pin(server, fingerprint);
            } catch (IOException e) {
                throw new CertificateException("cannot write " + known.file() + ": " + e.getMessage(), e);
            }
            firstUse = true;
            note = "TLS: first connection to " + server + "; its certificate " + fingerprint
                    + " is now pinned in " + known.file() + ". Compare it with what the operator published.";
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("this is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return system.getAcceptedIssuers();
        }
    }

    private static X509ExtendedTrustManager systemTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("no X509 trust manager among " + factory.getTrustManagers().length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the system trust store cannot be read: " + e.getMessage(), e);
        }
    }
}
