package dev.svcctl.cli.serve;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of {@code svcctl serve} from PEM files, with the JDK alone: the certificate chain (X.509, the
 * server's own first), its private key (PKCS#8, {@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519), and optionally
 * the certificates of the CAs whose client certificates are accepted.
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] IN_MEMORY = "svcctl-serve".toCharArray();

    private PemTls() {
    }

    /** An SSL context serving {@code certFile}'s chain with {@code keyFile}'s key; trusting {@code clientCa}'s CAs. */
    public static SSLContext context(Path certFile, Path keyFile, Path clientCa) throws BackendException {
        try {
            List<Certificate> chain = certificates(certFile);
            PrivateKey key = privateKey(keyFile);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, IN_MEMORY, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            TrustManagerFactory tmf = null;
            if (clientCa != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(clientCa)) {
                    trusted.setCertificateEntry("ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new BackendException(ExitCode.USAGE, "cannot use " + certFile + " and " + keyFile + " for TLS: "
                    + e.getMessage(), "--tls-key must be the PKCS#8 key (BEGIN PRIVATE KEY) of the first certificate"
                    + " in --tls-cert; 'openssl pkcs8 -topk8 -nocrypt' converts other key files");
        }
    }

    static List<Certificate> certificates(Path file) throws BackendException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> certificates = new ArrayList<>();
        for (byte[] der : blocks(file, "CERTIFICATE")) {
            certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (certificates.isEmpty()) {
            throw new BackendException(ExitCode.USAGE, file + " holds no PEM certificate (BEGIN CERTIFICATE)",
                    "give the certificate chain in PEM, the server's (or the CA's) certificate first");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws BackendException, GeneralSecurityException {
        List<byte[]> keys = blocks(file, "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new BackendException(ExitCode.USAGE, file + " holds " + keys.size() + " PKCS#8 private keys (BEGIN"
                    + " PRIVATE KEY), not one", "'openssl pkcs8 -topk8 -nocrypt -in KEY' writes a key in PKCS#8");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                last = notThisOne;
            }
        }
        throw last;
    }

    private static List<byte[]> blocks(Path file, String type) throws BackendException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BackendException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage(), null);
        }
        List<byte[]> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                found.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return found;
    }
}
