package chat.tui.net;

import chat.core.security.Fingerprint;
import chat.tui.config.KnownServers;
import java.io.IOException;
import java.net.Socket;
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

    /**
     * Runs the TLS handshake over {@code connected} and checks the server's certificate.
     *
     * @throws ChangedCertificateException when the certificate differs from the pinned one
     * @throws IOException when the handshake fails for another reason (the message says which)
     */
    public Secured secure(Socket connected, HostPort server, int timeoutMillis) throws IOException {
        Pinning trust = new Pinning(server.hostAndPort());
        SSLSocket socket;
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {trust}, null);
            socket = (SSLSocket) context.getSocketFactory().createSocket(connected, server.host(), server.port(), true);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this Java: " + e.getMessage(), e);
        }
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must match a CA-signed certificate
        parameters.setProtocols(new String[] {"TLSv1.3"});
        socket.setSSLParameters(parameters);
        int previousTimeout = connected.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            if (trust.changed != null) {
                throw trust.changed;
            }
            if (e.getCause() instanceof CertificateException certificate) {
                throw new IOException("the TLS certificate of " + server.hostAndPort() + " is not valid: "
                        + certificate.getMessage(), e);
            }
            throw new IOException("the TLS handshake with " + server.hostAndPort() + " failed: " + e.getMessage()
                    + " (does the server run with --tls-keystore?)", e);
        }
        socket.setSoTimeout(previousTimeout);
        return new Secured(socket, trust.note, trust.firstUse);
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
