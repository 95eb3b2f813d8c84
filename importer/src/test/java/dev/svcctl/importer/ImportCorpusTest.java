package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.svcctl.spec.Durations;
import dev.svcctl.spec.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imports every file of the corpus and compares what it became (each spec's mapped values, every warning) with the
 * reviewed FILE.expected beside it. A missing or different expectation fails and leaves FILE.actual to review.
 */
class ImportCorpusTest {
    static Stream<Arguments> files() {
        return Stream.of(
                        Corpus.files("supervisord").stream().map(p -> Arguments.of(new SupervisordImporter(
                                Map.of("HOME", "/root")), p)),
                        Corpus.files("pm2").stream().map(p -> Arguments.of(new Pm2Importer(), p)),
                        Corpus.files("procfile").stream().map(p -> Arguments.of(new ProcfileImporter(), p)))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("files")
    void importsAsReviewed(Importer importer, Path file) throws IOException {
        SourceFile source = Corpus.source(file);
        assertTrue(importer.recognizes(source), importer.id() + " should recognize " + file.getFileName());
        String actual;
        try {
            actual = describe(importer.read(source), file.getParent().toString());
        } catch (ImportException e) {
            actual = "refused: " + e.file().replace(file.getParent().toString(), "DIR") + ":" + e.line() + ": "
                    + e.getMessage() + " (hint: " + e.hint() + ")\n";
        }
        Path expected = Path.of(file + ".expected");
        Path actualFile = Path.of(file + ".actual");
        if (!Files.exists(expected)) {
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
            fail("no " + expected.getFileName() + "; review " + actualFile);
        }
        String want = Files.readString(expected, StandardCharsets.UTF_8);
        if (!want.equals(actual)) {
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
        }
        assertEquals(want, actual, file.getFileName().toString());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("files")
    void noOtherImporterClaimsIt(Importer importer, Path file) {
        SourceFile source = Corpus.source(file);
        for (Importer other : List.of(new SupervisordImporter(), new Pm2Importer(), new ProcfileImporter(),
                new NssmImporter(), new WinswImporter())) {
            if (!other.id().equals(importer.id())) {
                assertFalse(other.recognizes(source), other.id() + " claims " + file.getFileName());
            }
        }
    }

    /** Guessing --from: the NSSM and WinSW test files are claimed by none of these three importers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("windowsFiles")
    void theseImportersLeaveWindowsFilesAlone(Path file) throws IOException {
        SourceFile source = SourceFile.decode(file.toString(), Files.readAllBytes(file));
        for (Importer mine : List.of(new SupervisordImporter(), new Pm2Importer(), new ProcfileImporter())) {
            assertFalse(mine.recognizes(source), mine.id() + " claims " + file.getFileName());
        }
    }

    static Stream<Path> windowsFiles() {
        return Stream.of("nssm", "winsw").flatMap(kind -> Corpus.files(kind).stream());
    }

    /** Every mapped value of each spec, one per line, then the warnings. */
    static String describe(ImportResult result, String dir) {
        StringBuilder out = new StringBuilder();
        for (ServiceSpec s : result.specs()) {
            out.append("service ").append(s.name()).append('\n');
            out.append("  argv:");
            for (String a : s.argv()) {
                out.append(" [").append(a.replace("\n", "\\n")).append(']');
            }
            out.append('\n');
            s.workingDirectory().ifPresent(d -> out.append("  workingDirectory: ").append(d).append('\n'));
            s.user().ifPresent(u -> out.append("  user: ").append(u).append('\n'));
            s.group().ifPresent(g -> out.append("  group: ").append(g).append('\n'));
            s.env().forEach((k, v) -> out.append("  env ").append(k).append("=[").append(v).append("]\n"));
            out.append("  startup: ").append(s.startup()).append('\n');
            out.append("  restart: ").append(s.restart().policy()).append(" delay ")
                    .append(Durations.format(s.restart().delay()))
                    .append(s.restart().maxDelay().map(d -> " maxDelay " + Durations.format(d)).orElse(""))
                    .append(" success ").append(s.restart().successExitCodes()).append('\n');
            out.append("  stop: ").append(s.stop().signal()).append(' ').append(Durations.format(s.stop().timeout()))
                    .append(' ').append(s.stop().mode()).append('\n');
            out.append("  logs: ").append(s.logs().stdout()).append('/').append(s.logs().stderr())
                    .append(s.logs().dir().map(d -> " dir " + d).orElse(""))
                    .append(s.logs().rotate().map(r -> " rotate " + r.size().orElse(-1) + "B keep " + r.keep())
                            .orElse(""))
                    .append('\n');
        }
        for (ImportWarning w : result.warnings()) {
            out.append("warning ").append(w.describe())
                    .append(w.service() == null ? "" : " [" + w.service() + "]").append('\n');
        }
        return out.toString().replace(dir, "DIR"); // the checkout's path is no part of the expectation
    }
}
