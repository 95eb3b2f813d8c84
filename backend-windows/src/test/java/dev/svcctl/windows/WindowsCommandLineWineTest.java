package dev.svcctl.windows;

import static dev.svcctl.windows.ArgvOracle.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real oracle for {@link WindowsCommandLine}: every command line built for the hostile corpus, and every raw
 * hostile line given to the parsers, is handed to CreateProcessW unchanged (by launcher.exe) and printargs.exe reports
 * what the C runtime and CommandLineToArgvW parsed from it, under Wine ({@link ArgvOracle}).
 */
class WindowsCommandLineWineTest {
    private static final int CORPUS_SIZE = 600;

    @BeforeAll
    static void build() throws IOException {
        ArgvOracle.assumeAvailable();
    }

    @Test
    void everyArgvOfTheCorpusComesBackExactlyFromBothParsers() throws IOException {
        List<List<String>> corpus = CommandLineCorpus.argvLists(CORPUS_SIZE, 20261121L);
        assertTrue(corpus.size() >= CORPUS_SIZE, "corpus size " + corpus.size());
        List<String> commandLines = new ArrayList<>();
        for (List<String> argv : corpus) {
            String line = WindowsCommandLine.of(argv);
            assertTrue(line.length() <= WindowsCommandLine.MAX_LENGTH);
            commandLines.add(line);
        }

        List<ArgvOracle.Parsed> parsed = ArgvOracle.run(commandLines);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            List<String> expected = corpus.get(i);
            ArgvOracle.Parsed p = parsed.get(i);
            String context = "case " + i + " argv=" + show(expected) + " line=" + show(List.of(commandLines.get(i)));
            if (!p.raw().equals(commandLines.get(i))) {
                failures.add(context + ": the program saw a different command line " + show(List.of(p.raw())));
            }
            if (!p.crt().equals(expected)) {
                failures.add(context + ": C runtime argv was " + show(p.crt()));
            }
            if (!p.shell().equals(expected)) {
                failures.add(context + ": CommandLineToArgvW gave " + show(p.shell()));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + corpus.size() + " cases failed");
    }

    /**
     * The other direction: command lines nobody quoted for svcctl (runs of quotes, backslashes before quotes, a
     * program name with text after its closing quote, unclosed quotes) parse with {@link WindowsCommandLine#parse}
     * as Wine's C runtime parses them, and with {@link WindowsCommandLine#parseCommandLineToArgvW} as
     * CommandLineToArgvW does.
     */
    @Test
    void rawHostileLinesParseAsBothParsersParseThem() throws IOException {
        List<String> lines = CommandLineCorpus.rawLines(300, 20261207L);
        List<ArgvOracle.Parsed> parsed = ArgvOracle.run(lines);

        List<String> failures = new ArrayList<>();
        int disagreements = 0;
        for (int i = 0; i < lines.size(); i++) {
            ArgvOracle.Parsed p = parsed.get(i);
            String context = "case " + i + " line=" + show(List.of(lines.get(i)));
            if (!p.raw().equals(lines.get(i))) {
                failures.add(context + ": the program saw a different command line " + show(List.of(p.raw())));
                continue;
            }
            List<String> crt = WindowsCommandLine.parse(lines.get(i));
            List<String> shell = WindowsCommandLine.parseCommandLineToArgvW(lines.get(i));
            if (!p.crt().equals(crt)) {
                failures.add(context + ": parse gave " + show(crt) + ", the C runtime " + show(p.crt()));
            }
            if (!p.shell().equals(shell)) {
                failures.add(context + ": parseCommandLineToArgvW gave " + show(shell) + ", CommandLineToArgvW "
                        + show(p.shell()));
            }
            if (!p.crt().equals(p.shell())) {
                disagreements++;
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + lines.size() + " cases failed");
        // The corpus must reach the inputs where the parsers differ, or the comparison above proves little.
        assertTrue(disagreements >= 20, "only " + disagreements + " lines where the two parsers differ");
    }

    /** Proves the oracle can fail: joining with spaces, as naive code does, does not come back as the argv. */
    @Test
    void theOracleRejectsNaiveQuoting() throws IOException {
        List<String> argv = List.of("C:\\app.exe", "a b", "\"");
        ArgvOracle.Parsed p = ArgvOracle.run(List.of(String.join(" ", argv))).get(0);
        assertEquals(List.of("C:\\app.exe", "a", "b"), p.crt().subList(0, 3));
        assertNotEquals(argv, p.shell());
    }
}
