package dev.svcctl.launchd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The launchctl print outputs under src/test/resources/launchctl (sources in SOURCES.md there). */
final class Fixtures {
    static final Path DIR = Path.of("src", "test", "resources", "launchctl");

    private Fixtures() {
    }

    static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
