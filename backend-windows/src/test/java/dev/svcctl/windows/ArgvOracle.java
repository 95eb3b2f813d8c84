package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Windows argv oracle under Wine, for every test that needs to know what a program receives from a command line:
 * launcher.exe hands each line to CreateProcessW unchanged and printargs.exe reports the command line it got and what
 * the C runtime and CommandLineToArgvW parsed from it. Other modules use it through this module's test-jar.
 */
public final class ArgvOracle {
    private static Path launcher;

    /** What one program saw: its command line and the two parsers' argv. */
    public record Parsed(String raw, List<String> crt, List<String> shell) {
    }

    private ArgvOracle() {
    }

    /** Skips (or in CI fails) the caller without Wine and mingw; builds the two helpers once. */
    public static synchronized void assumeAvailable() throws IOException {
        WineTools.assumeAvailable();
        if (launcher == null) {
            WineTools.compile("printargs.exe", List.of("printargs.c"), "-municode", "-lshell32");
            launcher = WineTools.compile("launcher.exe", List.of("launcher.c"), "-municode");
        }
    }

    /** Runs printargs.exe once per command line (all in one Wine session) and returns its reports, in order. */
    public static List<Parsed> run(List<String> commandLines) throws IOException {
        assumeAvailable();
        StringBuilder input = new StringBuilder();
        for (String line : commandLines) {
            input.append(hex(line)).append('\n');
        }
        // launcher.exe prints and flushes a line per case: the bound is a case that makes no progress for 120 s, not
        // the whole batch, which takes minutes more on a loaded machine (seen: 25 min for 600 cases at load 20).
        WineTools.Result result = WineTools.wineWhileProgressing(launcher, List.of(), input.toString(), 120);
        assertEquals(0, result.exitCode(), result.stderr());
        Map<Integer, Parsed> parsed = parse(result.stdout());
        assertEquals(commandLines.size(), parsed.size(), "one report per case:\n" + result.stdout());
        rerunCasesWithoutOutput(parsed, commandLines);
        return new ArrayList<>(parsed.values());
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

    /** Values for a failure message: each in «», control characters as \xNN. */
    public static String show(List<String> values) {
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
