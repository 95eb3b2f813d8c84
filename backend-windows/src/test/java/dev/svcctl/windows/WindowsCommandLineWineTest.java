package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real oracle for {@link WindowsCommandLine}: every command line built for the hostile corpus is handed to
 * CreateProcessW unchanged (by launcher.exe) and printargs.exe reports what the C runtime and CommandLineToArgvW
 * parsed from it, under Wine.
 */
class WindowsCommandLineWineTest {
    private static final int CORPUS_SIZE = 600;
    private static Path launcher;

    @BeforeAll
    static void build() throws IOException {
        WineTools.assumeAvailable();
        WineTools.compile("printargs.exe", List.of("printargs.c"), "-municode", "-lshell32");
        launcher = WineTools.compile("launcher.exe", List.of("launcher.c"), "-municode");
    }

    @Test
    void everyArgvOfTheCorpusComesBackExactlyFromBothParsers() throws IOException {
        List<List<String>> corpus = CommandLineCorpus.argvLists(CORPUS_SIZE, 20261121L);
        assertTrue(corpus.size() >= CORPUS_SIZE, "corpus size " + corpus.size());
        StringBuilder input = new StringBuilder();
        List<String> commandLines = new ArrayList<>();
        for (List<String> argv : corpus) {
            String line = WindowsCommandLine.of(argv);
            assertTrue(line.length() <= WindowsCommandLine.MAX_LENGTH);
            commandLines.add(line);
            input.append(hex(line)).append('\n');
        }

        WineTools.Result result = WineTools.wine(launcher, List.of(), input.toString(), 600);
        assertEquals(0, result.exitCode(), result.stderr());
        Map<Integer, Parsed> parsed = parse(result.stdout());
        assertEquals(corpus.size(), parsed.size(), "one report per case:\n" + result.stdout());
        rerunCasesWithoutOutput(parsed, commandLines);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            List<String> expected = corpus.get(i);
            Parsed p = parsed.get(i);
            String context = "case " + i + " argv=" + show(expected) + " line=" + show(List.of(commandLines.get(i)));
            if (!p.raw.equals(commandLines.get(i))) {
                failures.add(context + ": the program saw a different command line " + show(List.of(p.raw)));
            }
            if (!p.crt.equals(expected)) {
                failures.add(context + ": C runtime argv was " + show(p.crt));
            }
            if (!p.shell.equals(expected)) {
                failures.add(context + ": CommandLineToArgvW gave " + show(p.shell));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + corpus.size() + " cases failed");
    }

    /**
     * A case whose program printed nothing at all never reached a parser (Wine, not quoting, failed); it is run
     * once more on its own. A command line that really breaks the program fails again and is reported.
     */
    private static void rerunCasesWithoutOutput(Map<Integer, Parsed> parsed, List<String> commandLines)
            throws IOException {
        for (var entry : parsed.entrySet()) {
            if (entry.getValue().raw.equals("null") && entry.getValue().crt.isEmpty()) {
                String line = commandLines.get(entry.getKey());
                WineTools.Result again = WineTools.wine(launcher, List.of(), hex(line) + "\n", 120);
                Parsed retried = parse(again.stdout()).get(0);
                if (retried != null) {
                    entry.setValue(retried);
                }
            }
        }
    }

    /** Proves the oracle can fail: joining with spaces, as naive code does, does not come back as the argv. */
    @Test
    void theOracleRejectsNaiveQuoting() throws IOException {
        List<String> argv = List.of("C:\\app.exe", "a b", "\"");
        WineTools.Result result = WineTools.wine(launcher, List.of(), hex(String.join(" ", argv)) + "\n", 120);
        Parsed p = parse(result.stdout()).get(0);
        assertEquals(List.of("C:\\app.exe", "a", "b"), p.crt.subList(0, 3));
        assertNotEquals(argv, p.shell);
    }

    private record Parsed(String raw, List<String> crt, List<String> shell) {
    }

    private static Map<Integer, Parsed> parse(String stdout) {
        Map<Integer, Parsed> cases = new TreeMap<>();
        int current = -1;
        String raw = null;
        List<String> crt = new ArrayList<>();
        List<String> shell = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            if (line.startsWith("case:")) {
                current = Integer.parseInt(line.substring(5));
                raw = null;
                crt = new ArrayList<>();
                shell = new ArrayList<>();
            } else if (line.startsWith("raw:")) {
                raw = unhex(line.substring(4));
            } else if (line.startsWith("crt=")) {
                crt.add(unhex(line.substring(4)));
            } else if (line.startsWith("shell=")) {
                shell.add(unhex(line.substring(6)));
            } else if (line.startsWith("exit:")) {
                cases.put(current, new Parsed(String.valueOf(raw), crt, shell));
            }
        }
        return cases;
    }

    static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            out.append(String.format("%04x", (int) s.charAt(i)));
        }
        return out.toString();
    }

    static String unhex(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 4 <= hex.length(); i += 4) {
            out.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
        }
        return out.toString();
    }

    private static String show(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append('«');
            v.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            out.append('»');
        }
        return out.append(']').toString();
    }
}
