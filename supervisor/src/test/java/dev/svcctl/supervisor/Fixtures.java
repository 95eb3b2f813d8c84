package dev.svcctl.supervisor;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Test fixtures: directories under target/ (never the host's /tmp) and specs of small shell programs. */
final class Fixtures {
    static final LogsSpec INHERIT = new LogsSpec(LogTarget.INHERIT, LogTarget.INHERIT, Optional.empty(), Optional.empty());
    private static final ProcessPort PORT = new PosixProcessPort();

    private Fixtures() {
    }

    /** An empty directory target/test-work/NAME. */
    static Path freshDir(String name) {
        Path dir = Path.of("target", "test-work", name).toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A service that runs a /bin/sh script, output inherited (shows in the test log). */
    static ServiceSpec.Builder shell(String name, String script) {
        return ServiceSpec.builder(name, "/bin/sh").args("-c", script).logs(INHERIT);
    }

    /** The log directory {@code dir}, opened with the checks the supervisor makes. */
    static LogDir logDir(Path dir) {
        try {
            return LogDir.open(dir, PORT.userId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProcessPort port() {
        return PORT;
    }

    static SupervisorSettings settings(Path dir) {
        return new SupervisorSettings(LogTarget.FILE, dir.resolve("logs"), Optional.of(dir.resolve("run/state.json")),
                Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), Clock.systemUTC());
    }

    /** The supervisor's watchdog: a child of the JVM for the JVM's whole life, not part of any program's tree. */
    static boolean isWatchdog(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("svcctl-watchdog");
        } catch (IOException gone) {
            return false;
        }
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }
}
