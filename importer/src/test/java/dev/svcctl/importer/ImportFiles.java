package dev.svcctl.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The test files under src/test/resources/import, read as {@code svcctl import} reads them. */
final class ImportFiles {
    private ImportFiles() {
    }

    static SourceFile source(String relative) {
        try (InputStream in = ImportFiles.class.getResourceAsStream("/import/" + relative)) {
            if (in == null) {
                throw new IllegalArgumentException("no test file import/" + relative);
            }
            return SourceFile.decode(relative, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of one kind (nssm, winsw), by its relative name, sorted. */
    static List<String> all(String kind) {
        try {
            Path dir = Path.of(ImportFiles.class.getResource("/import/" + kind).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> kind + "/" + p.getFileName()).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
