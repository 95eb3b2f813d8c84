package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the invalid corpus is refused with exactly the errors it declares, each located and on one line. */
class InvalidSpecCorpusTest {
    static final Path CORPUS = Path.of(InvalidSpecCorpus.DIRECTORY_IN_COMMON);
    /** The one timing assertion the issue asks for: refusing any of these files takes well under a second. */
    private static final Duration LIMIT = Duration.ofSeconds(1);

    @BeforeAll
    static void warmUp() throws IOException {
        // Class loading and JIT of the first load are the JVM's start-up, not the loader's work.
        for (InvalidSpecCorpus.Case c : InvalidSpecCorpus.cases(CORPUS)) {
            assertThrows(InvalidSpecException.class, () -> SpecLoader.load(c.file()));
        }
    }

    static Stream<InvalidSpecCorpus.Case> corpus() throws IOException {
        return Stream.concat(InvalidSpecCorpus.cases(CORPUS).stream(),
                Stream.of(InvalidSpecCorpus.hugeFile(Path.of("target", "generated-invalid-specs"))));
    }

    @Test
    void theCorpusIsLargeEnoughAndCoversSeveralErrorsPerFile() throws IOException {
        List<InvalidSpecCorpus.Case> cases = InvalidSpecCorpus.cases(CORPUS);
        assertTrue(cases.size() >= 40, "only " + cases.size() + " invalid specs");
        assertTrue(cases.stream().filter(c -> c.expected().size() >= 5).count() >= 3,
                "a few files must have several independent errors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithEveryDeclaredErrorAtItsPlace(InvalidSpecCorpus.Case c) {
        long start = System.nanoTime();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(c.file()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(LIMIT) < 0, c + " took " + took.toMillis() + " ms");

        List<SpecError> unmatched = new ArrayList<>(e.errors());
        List<InvalidSpecCorpus.Expectation> missing = new ArrayList<>();
        for (InvalidSpecCorpus.Expectation expected : c.expected()) {
            SpecError found = unmatched.stream().filter(expected::matches).findFirst().orElse(null);
            if (found == null) {
                missing.add(expected);
            } else {
                unmatched.remove(found);
            }
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail(c + ": expected but not reported: " + missing + "; reported but not expected: "
                    + unmatched.stream().map(SpecError::format).collect(Collectors.joining(" | ")));
        }
        for (InvalidSpecCorpus.Expectation expected : c.expected()) {
            assertTrue(e.getMessage().lines().anyMatch(line -> expected.matchesLine(c.file().toString(), line)),
                    "the printed form lacks " + expected);
        }
        for (SpecError error : e.errors()) {
            String line = error.format();
            assertEquals(c.file().toString(), error.location().file());
            assertTrue(line.startsWith(c.file() + ":" + error.location().line() + ":" + error.location().column()
                    + ": "), line);
            assertTrue(line.lines().count() == 1 && !line.contains("\r"), "not one line: " + line);
        }
        assertEquals(e.errors().stream().map(SpecError::format).collect(Collectors.joining("\n")), e.getMessage());
    }

    @Test
    void theOversizedFileIsRefusedBeforeItIsRead() throws IOException {
        InvalidSpecCorpus.Case huge = InvalidSpecCorpus.hugeFile(Path.of("target", "generated-invalid-specs"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(huge.file()));
        // The message carries the size from the file system: the refusal comes before reading or parsing.
        assertEquals(List.of(huge.file() + ":1:1: the file is " + InvalidSpecCorpus.HUGE_FILE_BYTES
                        + " bytes; a spec may be at most " + SpecLoader.MAX_FILE_BYTES
                        + " bytes (hint: is this really a service spec?)"),
                e.errors().stream().map(SpecError::format).toList());
    }
}
