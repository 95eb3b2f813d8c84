package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** readiness and watchdog: each kind maps to its model, errors point at the key, and the writer gives them back. */
class ReadinessMappingTest {

    private static ServiceSpec parse(String extra) throws InvalidSpecException {
        return SpecLoader.parse("spec.yaml", ("name: app\nexec: /bin/app\n" + extra).getBytes(StandardCharsets.UTF_8))
                .spec();
    }

    private static String error(String extra) {
        return assertThrows(InvalidSpecException.class, () -> parse(extra)).getMessage();
    }

    @Test
    void eachKindMapsToItsModel() throws Exception {
        assertEquals(Optional.of(ReadinessSpec.notify(Duration.ofSeconds(90))),
                parse("readiness:\n  notify: true\n").readiness());
        assertEquals(Optional.of(new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:6379", List.of(),
                Duration.ofSeconds(5))), parse("readiness:\n  tcp: 127.0.0.1:6379\n  timeout: 5s\n").readiness());
        assertEquals(Optional.of(new ReadinessSpec(ReadinessSpec.Kind.HTTP, "http://h:8080/ready", List.of(),
                Duration.ofSeconds(90))), parse("readiness:\n  http: http://h:8080/ready\n").readiness());
        assertEquals(Optional.of(new ReadinessSpec(ReadinessSpec.Kind.EXEC, "", List.of("/bin/ready", "3"),
                Duration.ofSeconds(90))), parse("readiness:\n  exec: [/bin/ready, 3]\n").readiness());
        assertEquals(Optional.of(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, "/run/app.pid", List.of(),
                Duration.ofSeconds(90))), parse("readiness:\n  pidFile: /run/app.pid\n").readiness());
        assertEquals(Optional.empty(), parse("").readiness());
        assertEquals(Optional.empty(), parse("").watchdog());
    }

    @Test
    void aWatchdogNeedsNotifyAndIsRefusedAtItsKey() throws Exception {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                parse("readiness:\n  notify: true\nwatchdog: 30s\n").watchdog());
        String noNotify = error("readiness:\n  tcp: h:1\nwatchdog: 30s\n");
        assertTrue(noNotify.startsWith("spec.yaml:5:11: watchdog: watchdog needs readiness.notify: true"), noNotify);
        assertTrue(error("watchdog: 30s\n").contains("spec.yaml:3:11: watchdog"));
        assertTrue(error("readiness:\n  notify: true\nwatchdog: 0\n").contains("watchdog must be longer than 0"));
    }

    @Test
    void twoKindsOrNoneAreRefusedNamingThem() {
        assertTrue(error("readiness:\n  notify: true\n  tcp: h:1\n").contains("readiness has both notify and tcp"));
        assertTrue(error("readiness:\n  timeout: 5s\n").contains("readiness needs one of notify, tcp, http, exec"));
        assertTrue(error("readiness:\n  notify: false\n").contains("notify: false is not a kind of readiness"));
        assertTrue(error("readiness:\n  pidFile: run/app.pid\n").contains("spec.yaml:4:12"));
    }

    @Test
    void theWriterGivesBackWhatWasRead() throws Exception {
        for (String yaml : List.of("readiness:\n  notify: true\n  timeout: 10s\nwatchdog: 1m\n",
                "readiness:\n  exec: [/bin/ready, --now]\n", "readiness:\n  pidFile: /run/app.pid\n")) {
            ServiceSpec spec = parse(yaml);
            String written = SpecWriter.write(spec);
            assertEquals(spec, SpecLoader.parse("again.yaml", written.getBytes(StandardCharsets.UTF_8)).spec(),
                    written);
        }
    }
}
