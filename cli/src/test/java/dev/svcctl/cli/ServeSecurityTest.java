package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The secrets and exposure rules of {@code svcctl serve}, each against a real server process: the token file, the
 * refusal of plain HTTP beyond loopback, TLS from PEM files and client certificates.
 */
class ServeSecurityTest {

    private static Path runtime(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("runtime"));
    }

    @Test
    void theTokenFileIsMadeOnFirstStartWithMode0600AndKept() throws Exception {
        Path dir = ServeProcess.freshDir("token-new");
        Path token = dir.resolve("etc/svcctl/api-token");
        String first;
        try (ServeProcess serve = ServeProcess.start(runtime(dir), dir, "--listen", "127.0.0.1:0", "--token-file",
                token.toString(), "--backend", "supervisor")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token,
                    LinkOption.NOFOLLOW_LINKS)));
            assertEquals(System.getProperty("user.name"), Files.getOwner(token, LinkOption.NOFOLLOW_LINKS).getName());
            first = Files.readString(token);
            assertTrue(first.matches("[0-9a-f]{64}\n"), "32 random bytes in hex: " + first);
            HttpResponse<String> ok = ServeProcess.send(HttpClient.newHttpClient(),
                    serve.request("/v1/services", first.strip()));
            assertEquals(200, ok.statusCode());
            assertEquals("{\n  \"version\": 1,\n  \"services\": []\n}\n", ok.body(), "status --json's document");
        }
        try (ServeProcess again = ServeProcess.start(runtime(dir), dir, "--listen", "127.0.0.1:0", "--token-file",
                token.toString(), "--backend", "supervisor")) {
            assertEquals(first, Files.readString(token), "an existing token is kept");
        }
        Path other = dir.resolve("other-token");
        try (ServeProcess serve = ServeProcess.start(runtime(dir), dir, "--listen", "127.0.0.1:0", "--token-file",
                other.toString(), "--backend", "supervisor")) {
            assertNotEquals(first, Files.readString(other), "every new token is random");
        }
    }

    @Test
    void aTokenFileOthersCanReadOrWriteOrALinkIsRefused() throws Exception {
        Path dir = ServeProcess.freshDir("token-open");
        Path token = dir.resolve("api-token");
        String secret = "0123456789abcdef".repeat(4) + "\n";
        for (String mode : List.of("rw-r--r--", "rw--w----", "rw-----w-")) {
            Files.deleteIfExists(token);
            Files.writeString(token, secret);
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString(mode));
            CliTest.Outcome o = ServeProcess.refused(runtime(dir), "--listen", "127.0.0.1:0", "--token-file",
                    token.toString(), "--backend", "supervisor");
            assertEquals(77, o.exitCode(), mode + ": " + o.err());
            assertEquals(1, o.err().lines().count(), "one line: " + o.err());
            assertTrue(o.err().startsWith("svcctl: the token file " + token + " has mode 0"), o.err());
            assertTrue(o.err().contains("other users may read or change the token")
                    && o.err().contains("(hint: chmod 600 " + token), o.err());
            assertEquals(secret, Files.readString(token), "the file is left alone");
        }
        Path real = dir.resolve("real-token");
        Files.writeString(real, secret);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = dir.resolve("linked-token");
        Files.createSymbolicLink(link, real);
        CliTest.Outcome o = ServeProcess.refused(runtime(dir), "--listen", "127.0.0.1:0", "--token-file",
                link.toString(), "--backend", "supervisor");
        assertEquals(77, o.exitCode(), o.err());
        assertTrue(o.err().startsWith("svcctl: the token file " + link + " is a symbolic link"), o.err());
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path dir = ServeProcess.freshDir("exposed");
        Path token = dir.resolve("api-token");
        CliTest.Outcome o = ServeProcess.refused(runtime(dir), "--listen", "0.0.0.0:0", "--token-file",
                token.toString(), "--backend", "supervisor");
        assertEquals(2, o.exitCode(), o.err());
        assertEquals("svcctl: refusing to listen on 0.0.0.0:0 without TLS: the token and the services' state would"
                + " cross the network in clear text (hint: give --tls-cert and --tls-key, or listen on loopback"
                + " (127.0.0.1:9860))\n", o.err());
        assertFalse(Files.exists(token));
        CliTest.Outcome half = ServeProcess.refused(runtime(dir), "--listen", "127.0.0.1:0", "--tls-cert",
                dir.resolve("x.pem").toString(), "--token-file", token.toString(), "--backend", "supervisor");
        assertEquals(2, half.exitCode());
        assertTrue(half.err().startsWith("svcctl: --tls-cert and --tls-key go together"), half.err());
    }

    private static void openssl(Path dir, String... args) throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/openssl"));
        Prerequisites.require(present, "openssl is not installed (apt-get install openssl)");
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + out);
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, all under target/. */
    private static Path certificates() throws Exception {
        Path dir = ServeProcess.freshDir("tls");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=svcctl test CA");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=127.0.0.1");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server-only.pem", "-days", "2", "-extfile", "server.ext");
        // The chain as a server sends it: its own certificate first, then the CA's.
        Files.writeString(dir.resolve("server.pem"), Files.readString(dir.resolve("server-only.pem"))
                + Files.readString(dir.resolve("ca.pem")));
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "client.key", "-out", "client.csr", "-subj", "/CN=monitoring");
        openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "2");
        openssl(dir, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:test");
        assertTrue(Files.readString(dir.resolve("server.key")).startsWith("-----BEGIN PRIVATE KEY-----"),
                "openssl 3 writes PKCS#8");
        return dir;
    }

    private static HttpClient client(Path dir, boolean withCertificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
                keys.load(in, "test".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "test".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void tlsFromPemFilesWorksAndAClientCaRejectsAClientWithoutACertificate() throws Exception {
        Path tls = certificates();
        Path dir = ServeProcess.freshDir("tls-serve");
        Path token = dir.resolve("api-token");
        try (ServeProcess serve = ServeProcess.start(runtime(dir), dir, "--listen", "127.0.0.1:0", "--token-file",
                token.toString(), "--backend", "supervisor", "--tls-cert", tls.resolve("server.pem").toString(),
                "--tls-key", tls.resolve("server.key").toString())) {
            assertTrue(serve.url.startsWith("https://127.0.0.1:"), serve.url);
            HttpResponse<String> ok = ServeProcess.send(client(tls, false), serve.request("/v1/services",
                    Files.readString(token).strip()));
            assertEquals(200, ok.statusCode());
            assertEquals(401, ServeProcess.send(client(tls, false), serve.request("/v1/services", null))
                    .statusCode());
            String plain = serve.url.replace("https://", "http://");
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(plain + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()), "no plain HTTP on the TLS port");
        }
        try (ServeProcess serve = ServeProcess.start(runtime(dir), dir, "--listen", "127.0.0.1:0", "--token-file",
                token.toString(), "--backend", "supervisor", "--tls-cert", tls.resolve("server.pem").toString(),
                "--tls-key", tls.resolve("server.key").toString(), "--client-ca", tls.resolve("ca.pem").toString())) {
            assertThrows(IOException.class, () -> ServeProcess.send(client(tls, false), serve.request("/healthz",
                    null)), "a client without a certificate does not get through the handshake");
            HttpResponse<String> ok = ServeProcess.send(client(tls, true), serve.request("/v1/services",
                    Files.readString(token).strip()));
            assertEquals(200, ok.statusCode());
        }
        CliTest.Outcome badKey = ServeProcess.refused(runtime(dir), "--listen", "127.0.0.1:0", "--token-file",
                token.toString(), "--backend", "supervisor", "--tls-cert", tls.resolve("server.pem").toString(),
                "--tls-key", tls.resolve("server.pem").toString());
        assertEquals(2, badKey.exitCode(), badKey.err());
        assertTrue(badKey.err().startsWith("svcctl: " + tls.resolve("server.pem") + " holds 0 PKCS#8 private keys"),
                badKey.err());
    }
}
