package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.InvalidSpecCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the invalid-spec corpus through the real CLI: exit 65, located one-line errors, no stack trace. */
class InvalidSpecCliTest {
    static final Path CORPUS = Path.of("../common", InvalidSpecCorpus.DIRECTORY_IN_COMMON);

    @BeforeAll
    static void warmUp() {
        // The first call loads picocli and SnakeYAML; the per-file bound below is about validation, not class loading.
        CliTest.svcctl("validate", CORPUS.resolve("does-not-exist.yaml").toString());
    }

    static Stream<InvalidSpecCorpus.Case> cases() throws Exception {
        List<InvalidSpecCorpus.Case> all = new ArrayList<>(InvalidSpecCorpus.cases(CORPUS));
        all.add(InvalidSpecCorpus.hugeFile(Path.of("target/invalid-cli")));
        assertTrue(all.size() >= 40, "the corpus has " + all.size() + " files");
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exits65WithEveryExpectedLocatedErrorAndNoStackTrace(InvalidSpecCorpus.Case c) {
        long started = System.nanoTime();
        CliTest.Outcome o = CliTest.svcctl("validate", c.file().toString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(65, o.exitCode(), o.err());
        assertEquals("", o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(c.expected().size(), lines.size(), o.err());
        for (InvalidSpecCorpus.Expectation expected : c.expected()) {
            assertTrue(lines.stream().anyMatch(l -> expected.matchesLine(c.file().toString(), l)),
                    "missing " + expected + " in:\n" + o.err());
        }
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
        assertTrue(millis < 1000, c.file() + " took " + millis + " ms");
    }
}
