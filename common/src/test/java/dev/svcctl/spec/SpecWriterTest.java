package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.testing.HostileStrings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpecWriterTest {

    private static ServiceSpec roundTrip(ServiceSpec spec) throws InvalidSpecException {
        String yaml = SpecWriter.write(spec);
        return SpecLoader.parse("written.yaml", yaml).spec();
    }

    @Test
    void aSpecWithEveryKeySetReadsBackEqual() throws InvalidSpecException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("Inner", List.of(1L, 2.5, true, "x", Map.of(), List.of()));
        Map<String, Object> plist = new LinkedHashMap<>();
        plist.put("Big", 1.0e300);
        plist.put("Small", -2.5e-12);
        plist.put("Zero", -0.0);
        plist.put("Count", 42L);
        plist.put("Flag", false);
        plist.put("yes", "no");
        plist.put("Nested", nested);
        plist.put("Items", List.of(Map.of("K", "v"), List.of("a", 1L)));
        ServiceSpec spec = ServiceSpec.builder("billing-api", "C:\\Program Files\\Billing\\api.exe")
                .displayName("Billing API")
                .description("Serves \"invoices\" \\ 100%")
                .args("--port", "8080", "", "yes", "null", "~", "- x", "#", "a: b")
                .workingDirectory("C:\\billing")
                .user("billing").group("billing")
                .env(Map.of("JAVA_OPTS", "-Xmx512m", "EMPTY", ""))
                .envFiles("/etc/billing/env")
                .scope(Scope.USER).startup(Startup.DELAYED)
                .dependsOn(List.of("postgresql", "redis"))
                .after(List.of(Milestone.NETWORK_ONLINE, Milestone.TIME_SYNC))
                .restart(new RestartSpec(RestartPolicy.ON_FAILURE, Duration.ofMillis(1500),
                        Optional.of(Duration.ofMinutes(1)), 7, Duration.ofHours(1), List.of(0, 143)))
                .stop(new StopSpec(Signal.INT, Duration.ofMillis(1)))
                .reloadSignal(Signal.HUP)
                .logs(new LogsSpec(LogTarget.FILE, LogTarget.JOURNAL, Optional.of("/var/log/billing"),
                        Optional.of(new RotateSpec(OptionalLong.of(10L << 20), RotateEvery.DAILY, 3, true,
                                OptionalLong.of(1L << 30)))))
                .limits(new LimitsSpec(OptionalLong.of(65536), OptionalLong.of(4096), OptionalLong.of(512L << 20),
                        OptionalInt.of(150)))
                .priority(-5)
                .healthCheck(new HealthCheckSpec(HealthCheckSpec.Kind.EXEC, "", List.of("/bin/check", "--deep"),
                        Duration.ofSeconds(10), Duration.ofSeconds(2), 3, Duration.ofSeconds(30)))
                .supervisor(SupervisorMode.SVCCTL)
                .platform(new PlatformSpec(
                        new PlatformSpec.Systemd(Map.of("Documentation", List.of("https://x", "man:y")),
                                Map.of("LimitCORE", List.of("infinity")), Map.of()),
                        new PlatformSpec.Windows("CORP\\billing", Optional.of("BILLING_PW"),
                                PlatformSpec.FailureActions.NONE, Optional.of(Duration.ofMinutes(3)), false),
                        new PlatformSpec.Launchd(Optional.of("com.example.billing"), plist)))
                .build();
        assertEquals(spec, roundTrip(spec));
    }

    @Test
    void everyHostileStringSurvivesInArgsEnvAndDescription() throws InvalidSpecException {
        List<String> corpus = HostileStrings.corpus();
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            env.put("V" + i, corpus.get(i));
        }
        ServiceSpec spec = ServiceSpec.builder("hostile", "/bin/app").args(corpus).env(env).build();
        assertEquals(spec, roundTrip(spec));
        for (String line : HostileStrings.printable()) {
            if (line.length() < 5000) {
                ServiceSpec described = ServiceSpec.builder("d", "/bin/app").description(line)
                        .displayName(line.isEmpty() ? "x" : line).build();
                assertEquals(described, roundTrip(described), "description " + line);
            }
        }
    }

    @Test
    void healthCheckProbesOfEveryKindReadBack() throws InvalidSpecException {
        for (HealthCheckSpec h : List.of(
                new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, "http://127.0.0.1:8080/health?x=1&y=%20", List.of(),
                        Duration.ofSeconds(5), Duration.ofMillis(250), 1, Duration.ZERO),
                new HealthCheckSpec(HealthCheckSpec.Kind.TCP, "127.0.0.1:5432", List.of(), Duration.ofDays(1),
                        Duration.ofSeconds(1), 1000, Duration.ofMinutes(90)))) {
            ServiceSpec spec = ServiceSpec.builder("h", "app").healthCheck(h).build();
            assertEquals(spec, roundTrip(spec));
        }
    }

    @Test
    void theSpecFilesInTheRepositoryReadBackEqual() throws IOException, InvalidSpecException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("../examples"), Path.of("../backend-systemd/src/test/resources/golden"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertFalse(files.isEmpty(), "no spec files found next to common/");
        for (Path file : files) {
            ServiceSpec spec = SpecLoader.load(file).spec();
            assertEquals(spec, roundTrip(spec), file.toString());
        }
    }

    @Test
    void writingIsCanonical() throws InvalidSpecException {
        ServiceSpec spec = ServiceSpec.builder("a", "/bin/a").args("x").build();
        assertEquals(SpecWriter.write(spec), SpecWriter.write(roundTrip(spec)));
    }

    @Test
    void floatsUseTheYaml11ExponentSpelling() {
        assertEquals("1.0e+10", SpecWriter.floatText(1.0e10));
        assertEquals("2.5e-12", SpecWriter.floatText(2.5e-12));
        assertEquals("-.inf", SpecWriter.floatText(Double.NEGATIVE_INFINITY));
    }
}
