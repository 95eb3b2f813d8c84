package dev.svcctl.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests; everything they touch lies under the module's target/ directory. */
final class Files2 {
    private Files2() {
    }

    static Path target() {
        return Path.of(System.getProperty("svcctl.dist", "target/svcctl")).toAbsolutePath().getParent();
    }

    /** A fresh, empty directory target/it/NAME. */
    static Path freshDirectory(String name) throws IOException {
        Path dir = target().resolve("it").resolve(name);
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static Path scratchFile(Path near, String name) throws IOException {
        Path dir = Files.createDirectories(target().resolve("it").resolve("scratch"));
        return Files.createTempFile(dir, name, ".txt");
    }
}
