package dev.svcctl.systemd.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the project's {@code scripts/systemd-sandbox}, the one implementation of booting a sandbox. */
final class SandboxScript {

    static final String RELATIVE_PATH = "scripts/systemd-sandbox";
    /** Overrides the search, e.g. when tests run from outside the source tree. */
    static final String PROPERTY = "svcctl.systemd-sandbox.script";

    private SandboxScript() {
    }

    static Optional<Path> locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured).toAbsolutePath()).filter(Files::isExecutable);
        }
        for (Path dir = moduleDirectory(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The directory holding {@code scripts/}: the project root the sandbox shares with the host. */
    static Path projectRoot(Path script) {
        return script.getParent().getParent();
    }

    /** Maven's surefire runs tests with the module directory as working directory. */
    static Path moduleDirectory() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }
}
