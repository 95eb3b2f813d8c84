package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** target/svcctl/ as the build leaves it: with the AppCDS archive dumped for it, and a lean class path per call. */
class BuildTreeIT {
    private static final Path DIST = Path.of(System.getProperty("svcctl.dist"));
    private static final Path EXAMPLE = DIST.resolve("examples/hello.yaml");

    private static Run svcctlLoggingClassLoads(String... args) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SVCCTL_JAVA_OPTS", "-Xlog:class+load=info");
        List<String> command = new ArrayList<>();
        command.add(DIST.resolve("bin/svcctl").toString());
        command.addAll(List.of(args));
        return Run.of(Files2.freshDirectory("build-tree"), env, command);
    }

    @Test
    void theArchiveDumpedAtBuildTimeIsUsed() throws Exception {
        Run run = svcctlLoggingClassLoads("render", EXAMPLE.toString(), "--backend", "systemd");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("picocli.CommandLine source: shared objects file"), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.contains(" org.yaml.snakeyaml.") && l.endsWith("source: shared objects file")),
                run::toString);
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "render", "validate", "status", "list", "host"})
    void commonCommandsLoadNoLoggingJnaOrCommonsExec(String command) throws Exception {
        Run run = switch (command) {
            case "render" -> svcctlLoggingClassLoads("render", EXAMPLE.toString(), "--backend", "systemd");
            case "validate" -> svcctlLoggingClassLoads("validate", EXAMPLE.toString());
            case "host" -> svcctlLoggingClassLoads("host", "--name", "web"); // off Windows: exit 69, no JNA
            default -> svcctlLoggingClassLoads(command);
        };

        assertTrue(run.out().contains("dev.svcctl.cli.Main source:"), run::toString);
        for (String forbidden : List.of("ch.qos.logback.", "org.slf4j.", "com.sun.jna.", "org.apache.commons.exec.")) {
            assertTrue(run.out().lines().noneMatch(line -> line.contains(" " + forbidden)),
                    () -> command + " loaded " + forbidden + "*:\n" + run);
        }
    }

    @Test
    void theWindowsBinaryPathNamesTheJarAndJnasLibraryWhereTheDistributionHasThem() throws Exception {
        Run run = Run.of(Files2.freshDirectory("windows-binary-path"), Map.of("JAVA_HOME",
                System.getProperty("java.home")), List.of(DIST.resolve("bin/svcctl").toString(), "render",
                DIST.resolve("examples/windows.yaml").toString(), "--backend", "windows", "--json",
                "--svcctl-home", "C:\\svcctl", "--java-home", "C:\\java"));

        assertEquals(0, run.exitCode(), run::toString);
        String json = run.out().replace("\\\\", "\\");
        for (String relative : List.of("lib\\svcctl.jar", "lib\\jna\\win32-x86-64")) {
            assertTrue(json.contains("C:\\svcctl\\" + relative), relative + " in " + json);
        }
        assertTrue(json.contains("\"C:\\java\\bin\\java.exe\\\" -Xrs"), json);
        assertTrue(Files.isRegularFile(DIST.resolve("lib/svcctl.jar")));
        for (String arch : List.of("win32-x86-64", "win32-aarch64")) {
            assertTrue(Files.isRegularFile(DIST.resolve("lib/jna/" + arch + "/jnidispatch.dll")), arch);
        }
    }

    @Test
    void verboseStillTurnsLoggingOn() throws Exception {
        Run run = svcctlLoggingClassLoads("--verbose", "render", EXAMPLE.toString(), "--backend", "systemd");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(" ch.qos.logback.classic.LoggerContext source:"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"svcctl", "svcctl-run"})
    void theArchiveKeysNameThisJdkAndThisDirectory(String archive) throws Exception {
        List<String> key = Files.readAllLines(DIST.resolve("lib/" + archive + ".jsa.key"));
        assertEquals(List.of(System.getProperty("java.runtime.version"), DIST.toRealPath().toString()), key);
    }

    /** The supervisor stays up: it maps an archive of its own classes only, and never loads picocli. */
    @Test
    void runMapsItsOwnArchiveAndLeavesPicocliOut() throws Exception {
        Path dir = Files2.freshDirectory("build-tree-run");
        Path spec = dir.resolve("once.yaml");
        Files.writeString(spec, "name: once\nexec: /bin/true\nrestart: {policy: never}\n"
                + "logs: {stdout: inherit, stderr: inherit}\n");
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SVCCTL_JAVA_OPTS", "-Xlog:class+load=info");
        env.put("SVCCTL_RUNTIME_DIR", dir.resolve("runtime").toString());
        Run run = Run.of(dir, env, List.of(DIST.resolve("bin/svcctl").toString(), "run", spec.toString()));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("dev.svcctl.supervisor.Supervisor source: shared objects file"), run::toString);
        assertTrue(run.out().lines().noneMatch(l -> l.contains(" picocli.")), run::toString);
        assertTrue(run.out().lines().noneMatch(l -> l.contains(" dev.svcctl.systemd.")), run::toString);
        assertTrue(run.err().startsWith("svcctl[once]: started /bin/true (pid "), run::toString);
        // Every class of svcctl and its libraries came from the archive: it fits run's own class path.
        assertTrue(run.out().lines().noneMatch(l -> l.contains("source: file:")), run::toString);
        // Neither the time-zone database nor DateTimeFormatter's predefined formats stay in its memory.
        for (String left : List.of("sun.util.calendar.ZoneInfoFile ", "java.time.zone.TzdbZoneRulesProvider ",
                "java.time.format.DateTimeFormatter ")) {
            assertTrue(run.out().lines().noneMatch(l -> l.contains(" " + left)), left + " loaded:\n" + run);
        }
    }

    /**
     * `run` and `host` start with lib/svcctl-run.jar: svcctl's classes they use, and a manifest naming only the
     * libraries they use, all of them shipped (the JDK opens every jar of a class path, and keeps it open).
     */
    @Test
    void runsJarNamesOnlyTheLibrariesItUsesAndCarriesTheVersion() throws Exception {
        Manifest manifest;
        try (JarFile jar = new JarFile(DIST.resolve("lib/svcctl-run.jar").toFile())) {
            manifest = jar.getManifest();
            assertTrue(jar.getEntry("dev/svcctl/supervisor/Supervisor.class") != null);
            assertTrue(jar.getEntry("dev/svcctl/spec/SpecLoader.class") != null);
            assertTrue(jar.getEntry("META-INF/services/ch.qos.logback.classic.spi.Configurator") != null);
        }
        List<String> classPath = List.of(manifest.getMainAttributes().getValue("Class-Path").split(" "));
        for (String jar : classPath) {
            assertTrue(Files.isRegularFile(DIST.resolve("lib").resolve(jar)), jar + " is not in lib/");
            for (String unused : List.of("jna-platform-", "svcctl-backend-", "svcctl-importer-", "java-diff-utils-")) {
                assertFalse(jar.startsWith(unused), jar);
            }
        }
        assertEquals(System.getProperty("svcctl.version"),
                manifest.getMainAttributes().getValue("Implementation-Version"));
    }

    /** The forms of `run` that picocli parses (help, mistakes) work on run's class path too. */
    @Test
    void runsHelpAndMistakesWorkOnItsClassPath() throws Exception {
        Run help = svcctlLoggingClassLoads("run", "--help");
        Run mistake = svcctlLoggingClassLoads("run", "--no-such-option");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: svcctl run"), help::toString);
        assertTrue(help.out().contains("/lib/svcctl-run.jar"), help::toString);
        assertEquals(2, mistake.exitCode(), mistake::toString);
        assertTrue(mistake.err().contains("Unknown option: '--no-such-option'"), mistake::toString);
    }
}
