package chat.core.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;

/**
 * How a TLS certificate is named to people: {@code SHA256:} and its digest as colon-separated hex pairs, the form
 * the server logs at start and the client shows and pins (trust on first use). Both sides use this one format.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** The SHA-256 fingerprint of {@code certificate}'s DER encoding. */
    public static String of(Certificate certificate) throws CertificateEncodingException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
