package dev.svcctl.systemd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves a bare {@code exec} on PATH, as a shell would, when installing. */
final class Executables {
    private Executables() {
    }

    /** The absolute path of {@code exec}: itself when it has a slash, else the first executable file on PATH. */
    static Optional<String> resolve(String exec, SystemdHost host) {
        if (exec.contains("/")) {
            return Optional.of(exec);
        }
        for (String dir : host.path().split(":")) {
            if (!dir.startsWith("/")) {
                continue; // relative PATH entries would depend on the directory svcctl happens to run in
            }
            String candidate = (dir.endsWith("/") ? dir : dir + "/") + exec;
            Path file = host.files().resolve(candidate);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
