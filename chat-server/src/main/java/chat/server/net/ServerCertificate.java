package chat.server.net;

import chat.core.security.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity, loaded from a PKCS12 keystore (scripts/make-tls-keystore makes a self-signed one).
 *
 * @param context the TLS context that serves the keystore's key and certificate chain
 * @param fingerprint the leaf certificate's SHA-256, as clients show it for trust on first use
 * @param subject the leaf certificate's subject, for the log
 */
public record ServerCertificate(SSLContext context, String fingerprint, String subject) {

    /**
     * Loads the first key entry of a PKCS12 keystore.
     *
     * @throws IOException with a message for the operator when the file is missing, the password is wrong or the
     *     keystore holds no key
     */
    public static ServerCertificate load(Path keystore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = Collections.list(store.aliases()).stream().filter(name -> isKey(store, name))
                    .findFirst().orElseThrow(() -> new IOException("the keystore " + keystore + " holds no private key"));
            Certificate leaf = store.getCertificate(alias);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), null, null);
            String subject = leaf instanceof java.security.cert.X509Certificate x509
                    ? x509.getSubjectX500Principal().getName() : alias;
            return new ServerCertificate(context, Fingerprint.of(leaf), subject);
        } catch (NoSuchFileException e) {
            throw new IOException("no keystore at " + keystore + " (scripts/make-tls-keystore makes one)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IOException("wrong password for the keystore " + keystore, e);
            }
            throw new IOException("cannot read the keystore " + keystore + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
