package dev.svcctl.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.Existing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure parts of svcctl serve: the token rules over a fake file port, routes, the metrics text. */
class ServePiecesTest {

    /** Files in a map, as the install engine's tests fake them. */
    private static final class MapFiles implements ArtifactFiles {
        final Map<String, Existing> files = new HashMap<>();
        final Map<String, Integer> writtenModes = new HashMap<>();

        @Override
        public Existing read(String installPath) {
            return files.getOrDefault(installPath, Existing.ABSENT);
        }

        @Override
        public void write(String installPath, byte[] content, int mode, Optional<String> owner, String step) {
            files.put(installPath, Existing.file(content, mode, Optional.empty(), Optional.of("svc")));
            writtenModes.put(installPath, mode);
        }

        @Override
        public void delete(String installPath) {
            files.remove(installPath);
        }

        @Override
        public String describe(String installPath) {
            return installPath;
        }

        @Override
        public AutoCloseable lock(String installPath, Duration wait) {
            return () -> { };
        }

        @Override
        public Path locate(String installPath) {
            return Path.of(installPath);
        }
    }

    @Test
    void aMissingTokenIsMadeWithMode0600AndMatchesOnlyItself() throws Exception {
        MapFiles files = new MapFiles();
        ApiToken token = ApiToken.loadOrCreate(files, Path.of("/etc/svcctl/api-token"), "svc", new SecureRandom());
        assertEquals(0600, files.writtenModes.get("/etc/svcctl/api-token"));
        String text = files.read("/etc/svcctl/api-token").text().strip();
        assertTrue(text.matches("[0-9a-f]{64}"), text);
        assertTrue(token.matches(text));
        assertFalse(token.matches(text.substring(1)));
        assertFalse(token.matches(text + "0"));
        assertFalse(token.matches(null));
        assertFalse(token.matches(""));
    }

    @Test
    void anOpenForeignOrLinkedTokenFileIsRefused() {
        MapFiles files = new MapFiles();
        byte[] secret = "a".repeat(64).getBytes(StandardCharsets.US_ASCII);
        files.files.put("/t", Existing.file(secret, 0640, Optional.empty(), Optional.of("svc")));
        BackendException open = assertThrows(BackendException.class,
                () -> ApiToken.loadOrCreate(files, Path.of("/t"), "svc", new SecureRandom()));
        assertEquals(ExitCode.PERMISSION_DENIED, open.exitCode());
        assertTrue(open.getMessage().contains("has mode 0640"), open.getMessage());

        files.files.put("/t", Existing.file(secret, 0600, Optional.empty(), Optional.of("mallory")));
        BackendException foreign = assertThrows(BackendException.class,
                () -> ApiToken.loadOrCreate(files, Path.of("/t"), "svc", new SecureRandom()));
        assertTrue(foreign.getMessage().contains("is owned by mallory, not by svc"), foreign.getMessage());

        files.files.put("/t", Existing.link("/elsewhere"));
        BackendException link = assertThrows(BackendException.class,
                () -> ApiToken.loadOrCreate(files, Path.of("/t"), "svc", new SecureRandom()));
        assertTrue(link.getMessage().contains("is a symbolic link (to /elsewhere)"), link.getMessage());
        assertTrue(files.writtenModes.isEmpty(), "nothing was replaced");

        files.files.put("/t", Existing.file("short\n".getBytes(StandardCharsets.US_ASCII), 0600, Optional.empty(),
                Optional.of("svc")));
        assertThrows(BackendException.class, () -> ApiToken.loadOrCreate(files, Path.of("/t"), "svc",
                new SecureRandom()));
    }

    @Test
    void routesNeverCarryAServiceName() {
        assertEquals("/v1/services/{name}", ApiServer.route("/v1/services/billing"));
        assertEquals("/v1/services/{name}/restart", ApiServer.route("/v1/services/billing/restart"));
        assertEquals("/v1/services/{name}/logs", ApiServer.route("/v1/services/billing/logs"));
        assertEquals("other", ApiServer.route("/v1/services/billing/format-disk"));
        assertEquals("other", ApiServer.route("/secret-probe"));
        assertEquals("/metrics", ApiServer.route("/metrics"));
    }

    @Test
    void metricsEscapeLabelValuesAndLeaveOutWhatIsUnknown() {
        ServiceStatus odd = new ServiceStatus("a\"b\\c", "systemd", ServiceState.STOPPED, OptionalLong.empty(),
                Optional.of(Instant.parse("2026-01-01T00:00:00Z")), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), false);
        String text = Metrics.render(List.of(odd), Map.of());
        assertTrue(text.contains("svcctl_service_up{service=\"a\\\"b\\\\c\",backend=\"systemd\"} 0\n"), text);
        assertFalse(text.contains("svcctl_service_start_time_seconds{"), "a stopped service has no start time");
        assertFalse(text.contains("svcctl_service_restarts_total{"), "unknown restarts are not 0");
        assertEquals("x\\ny", Metrics.label("x\ny"));
    }
}
