package dev.svcctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * svcctl (this build's classes) in a JVM of its own: how tests run {@code svcctl run}, whose supervisor counts every
 * other child of its JVM as its program's leftovers. It shares the runtime directory (state files, locks) of this
 * JVM's in-process commands unless a test sets another.
 */
final class SvcctlJvm {
    private SvcctlJvm() {
    }

    /** What surefire gives the tests as SVCCTL_RUNTIME_DIR (target/runtime). */
    static Path runtimeDir() {
        return Path.of(System.getenv().getOrDefault("SVCCTL_RUNTIME_DIR", "target/runtime")).toAbsolutePath();
    }

    /** {@code svcctl ARGS...}, ready to start; its output goes where the caller redirects it. */
    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Djna.tmpdir=" + Path.of("target/jna").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SVCCTL_RUNTIME_DIR", runtimeDir().toString());
        return builder;
    }
}
