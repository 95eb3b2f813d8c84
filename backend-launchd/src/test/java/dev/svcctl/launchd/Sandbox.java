package dev.svcctl.launchd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures live under target/ (never the host /tmp). */
final class Sandbox {
    private Sandbox() {
    }

    static Path dir(String name) throws IOException {
        Path dir = Path.of("target", "sandbox", name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                .toAbsolutePath();
        return Files.createDirectories(dir);
    }
}
