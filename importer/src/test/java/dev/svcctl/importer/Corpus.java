package dev.svcctl.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The import test files under src/test/resources/import/KIND, by absolute path (for %(here)s and the like). */
final class Corpus {
    private Corpus() {
    }

    static Path dir(String kind) {
        // the source tree (surefire runs in the module directory), so that FILE.actual lands beside FILE
        return Path.of("src", "test", "resources", "import", kind).toAbsolutePath();
    }

    /** The source files of one kind (not the .expected files beside them), sorted. */
    static List<Path> files(String kind) {
        try (Stream<Path> s = Files.list(dir(kind))) {
            return s.filter(p -> !p.toString().endsWith(".expected") && !p.toString().endsWith(".actual"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceFile source(Path p) {
        try {
            return new SourceFile(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether CI is set (to anything but false): a missing prerequisite fails there instead of skipping. */
    static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
