package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.systemd.sandbox.RawResult;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The systemd renderer against reviewed golden units, and every golden unit against systemd's own parser
 * ({@code systemd-analyze verify}). Run with {@code -Dgolden.update=true} to rewrite the goldens after a deliberate
 * change, then review the diff.
 */
class UnitGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    /** Supervised units name the svcctl launcher; verification needs an executable that exists on every host. */
    static final RenderOptions OPTIONS = new RenderOptions("/bin/true", false);

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    static String render(String name) throws Exception {
        ServiceSpec spec = SpecLoader.load(GOLDEN.resolve(name + ".yaml")).spec();
        return new SystemdBackend().render(spec, OPTIONS).artifacts().stream()
                .filter(a -> a.installPath().endsWith(".service")).findFirst().orElseThrow().content();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rendersTheReviewedUnit(String name) throws Exception {
        Path golden = GOLDEN.resolve(name + ".service");
        String unit = render(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, unit);
        }
        assertEquals(Files.readString(golden), unit);
    }

    /**
     * The units a host-served spec adds beside its service (its FIFOs' socket units, their wake unit and the shared
     * host's unit),
     * each after a {@code ## PATH} line, against {@code NAME.host-units}; specs without them have no such file.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void rendersTheReviewedHostUnits(String name) throws Exception {
        Path golden = GOLDEN.resolve(name + ".host-units");
        StringBuilder units = new StringBuilder();
        for (Artifact artifact : hostArtifacts(name)) {
            units.append("## ").append(artifact.installPath()).append('\n').append(artifact.content());
        }
        if (Boolean.getBoolean("golden.update")) {
            if (units.length() > 0) {
                Files.writeString(golden, units);
            } else {
                Files.deleteIfExists(golden);
            }
        }
        assertEquals(Files.exists(golden) ? Files.readString(golden) : "", units.toString());
    }

    static List<Artifact> hostArtifacts(String name) throws Exception {
        ServiceSpec spec = SpecLoader.load(GOLDEN.resolve(name + ".yaml")).spec();
        return new SystemdBackend().render(spec, OPTIONS).artifacts().stream()
                .filter(a -> HostUnits.logUnitPaths(spec.name(), spec.scope() == dev.svcctl.spec.Scope.USER)
                        .contains(a.installPath()) || HostUnits.isHostUnit(a.installPath())).toList();
    }

    @Test
    void systemdAcceptsEveryGoldenUnit() throws Exception {
        Path dir = Path.of("target/golden-verify");
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        // A stand-in for the dependency the full spec names, so verify can load it.
        Files.writeString(dir.resolve("postgresql.service"), "[Service]\nExecStart=/bin/true\n");
        List<Path> units = new ArrayList<>();
        for (String name : cases().toList()) {
            ServiceSpec spec = SpecLoader.load(GOLDEN.resolve(name + ".yaml")).spec();
            Path unit = dir.resolve(spec.name() + ".service");
            Files.writeString(unit, render(name));
            units.add(unit);
            for (Artifact artifact : hostArtifacts(name)) {
                Path file = dir.resolve(Path.of(artifact.installPath()).getFileName());
                Files.writeString(file, artifact.content());
                if (!units.contains(file)) {
                    units.add(file);
                }
            }
        }
        // verify runs in a private mount namespace: on the host it would create directories in /tmp.
        RawResult result = SystemdSandbox.verify(units.toArray(Path[]::new));
        assertEquals("", (result.stdoutText() + result.stderrText()).strip(), "systemd-analyze verify reported problems");
        assertEquals(0, result.exitCode());
    }

    @Test
    void goldenSpecsTogetherUseEveryKeyOfTheSpec() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String name : cases().toList()) {
            Object doc = new Yaml().load(Files.readString(GOLDEN.resolve(name + ".yaml")));
            collect("", doc, used);
        }
        Set<String> missing = new TreeSet<>(ALL_KEYS);
        missing.removeAll(used);
        assertTrue(missing.isEmpty(), "spec keys no golden covers: " + missing);
    }

    private static void collect(String prefix, Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                String key = prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey();
                out.add(key);
                if (!key.startsWith("env.") && !key.startsWith("platform.systemd.")
                        && !key.startsWith("platform.launchd.plist.")) {
                    collect(key, e.getValue(), out);
                }
            }
        }
    }

    static final List<String> ALL_KEYS = List.of("name", "displayName", "description", "exec", "args",
            "workingDirectory", "user", "group", "env", "envFile", "scope", "startup", "dependsOn", "after",
            "restart.policy", "restart.delay", "restart.maxDelay", "restart.burst", "restart.window",
            "restart.successExitCodes", "stop.signal", "stop.timeout", "reload.signal", "logs.stdout", "logs.stderr",
            "logs.dir", "logs.rotate.size", "logs.rotate.every", "logs.rotate.keep", "logs.rotate.compress",
            "logs.rotate.maxTotal", "limits.openFiles", "limits.processes", "limits.memory", "limits.cpu", "priority",
            "healthCheck.http", "healthCheck.tcp", "healthCheck.exec", "healthCheck.interval", "healthCheck.timeout",
            "healthCheck.retries", "healthCheck.startPeriod", "readiness.notify", "readiness.tcp", "readiness.http",
            "readiness.exec", "readiness.pidFile", "readiness.timeout", "watchdog", "supervisor", "platform.systemd.unit",
            "platform.systemd.service", "platform.systemd.install");
}
