package dev.svcctl.windows;

import dev.svcctl.testing.HostileStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Argument lists chosen to break Windows quoting: hand-picked edge cases, then seeded random mixes of them. */
public final class CommandLineCorpus {
    public static final List<String> PROGRAMS = List.of(
            "C:\\svcctl\\svcctl.exe", "C:\\Program Files\\svcctl\\svcctl.exe", "C:\\Program Files\\x",
            "C:\\dir with\ttab\\app.exe", "app", "\\\\server\\share\\app.exe", "C:\\Ünïcödé\\日本\\app.exe",
            "C:\\dir\\\\app.exe", "C:\\a&b^c%PATH%\\x.exe", "C:\\trailing\\ \\x");

    private static final List<String> HAND_PICKED = List.of(
            "", " ", "\t", "  ", "a", "a b", "a\tb", "\"", "\"\"", "\"\"\"", "\\", "\\\\", "\\\\\\", "\\\"", "\\\\\"",
            "\\\\\\\"", "a\\", "a\\\\", "a b\\", "a b\\\\", "a\\\"b", "a\\\\\"b", "\"a b\"", "\"a\" \"b\"",
            "C:\\Program Files\\", "C:\\Program Files\\x y\\\\", "\\\\server\\share\\", "--opt=\"quoted value\"",
            "--opt=a\\\"b", "x\"y z\"w", "\" \"", "\\ \\", "a\nb", "a\u000bb", "a\rb", "*", "*.txt", "?", "a*b?c",
            "%PATH%", "%%", "^", "a^b", "&", "|", "<", ">", "a&&b", "a||b", "(a)", "'single'", "!x!", "é", "日本語",
            "\uD83D\uDE00", "a\uD83D\uDE00 b", "\u00A0", "\u3000", "a\u3000b", "tab\tend\t", "end space ",
            " lead space", "\"lead quote", "trail quote\"", "mid\"quote", "\\\\\\\\\"\\\\\\\\", "\\\"\\\"\\\"",
            "\"\\\"\\\"\"", "\\\\host\\\"share\"", "=", "a=b c", "-", "--", "/?", "/c", "x\\y\\z\\");

    private static final List<String> PIECES = List.of(
            "\\", "\\\\", "\"", "\"\"", " ", "\t", "a", "bc", "\\\"", "é", "日", "\uD83D\uDE00", "\n", "*", "%", "^",
            "&", "'", "=", "C:\\Program Files\\");

    private CommandLineCorpus() {
    }

    /** At least {@code minimum} argv lists (program first), the shared hostile strings among them; deterministic. */
    public static List<List<String>> argvLists(int minimum, long seed) {
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < HAND_PICKED.size(); i++) {
            lists.add(List.of(PROGRAMS.get(i % PROGRAMS.size()), HAND_PICKED.get(i)));
        }
        lists.add(List.of(PROGRAMS.get(0)));
        lists.add(List.of(PROGRAMS.get(1), "", "", ""));
        lists.add(concat(PROGRAMS.get(2), HAND_PICKED));
        // The project's shared corpus, one string per argument list, up to a command line Windows accepts.
        int i = 0;
        for (String hostile : HostileStrings.corpus()) {
            List<String> argv = List.of(PROGRAMS.get(i++ % PROGRAMS.size()), hostile, "after");
            if (WindowsCommandLine.of(argv).length() <= WindowsCommandLine.MAX_LENGTH) {
                lists.add(argv);
            }
        }
        Random random = new Random(seed);
        while (lists.size() < minimum) {
            List<String> argv = new ArrayList<>();
            argv.add(PROGRAMS.get(random.nextInt(PROGRAMS.size())));
            int count = random.nextInt(8);
            for (int a = 0; a < count; a++) {
                argv.add(random.nextInt(4) == 0 ? HAND_PICKED.get(random.nextInt(HAND_PICKED.size()))
                        : randomArgument(random));
            }
            lists.add(argv);
        }
        return lists;
    }

    /**
     * Program parts of raw lines: quoted, unquoted, and quoted with text after the closing quote. Not a quoted program
     * ending in a backslash ({@code "C:\\dir\\"}): Wine's msvcrt reads that backslash as escaping the quote, Windows'
     * C runtime does not (see {@link WindowsCommandLine}); a program path cannot end with one anyway.
     */
    private static final List<String> RAW_PROGRAMS = List.of(
            "\"C:\\p.exe\"", "\"C:\\Program Files\\p.exe\"", "C:\\p.exe", "\"C:\\p.exe\"x",
            "\"C:\\a\"b\"c\"", "C:\\dir\\", "\"C:\\日本\\p.exe\"");

    /** Pieces of raw arguments: runs of quotes, backslashes before quotes, blanks, text. */
    private static final List<String> RAW_PIECES = List.of(
            "\"", "\"\"", "\"\"\"", "\"\"\"\"", "\\", "\\\\", "\\\"", "\\\\\"", "\\\\\\\"", " ", "  ", "\t", "a",
            "bc", "é", "日", "%PATH%", "^", "&", "'", "=", "-x");

    private static final List<String> RAW_HAND_PICKED = List.of(
            "\"C:\\p.exe\" \"a\"\"b\" c", "\"C:\\p.exe\" \"a\"\"b c\" d", "\"C:\\p.exe\" a\"\"b c",
            "\"C:\\p.exe\" \"\"\"a\"\"\" b", "\"C:\\p.exe\" \"\"\"\" x", "\"C:\\p.exe\" \"\"\"\"\"\" x",
            "\"C:\\p.exe\" \"a\"b\" c", "\"C:\\p.exe\"x y", "C:\\p.exe\\ a", "\"C:\\p.exe\" a\\\\\"b c\" d",
            "\"C:\\p.exe\"   ", "\"C:\\p.exe\" \"\" ", "\"C:\\p.exe\" \"x\" \"", "\"C:\\p.exe\" a\"b\"\"\"c d",
            "\"C:\\p.exe\" C:\\dir\\\" next", "\"C:\\p.exe\" \"C:\\dir\\\" next", "\"C:\\p.exe\" \\\\server\\share",
            "\"C:\\p.exe\" \t\ta\t", "\"C:\\p.exe\" \"unclosed", "\"C:\\p.exe\" a\\\\\\\"b");

    /**
     * Command lines as people write them by hand (not built by {@link WindowsCommandLine#of}): hand-picked ones,
     * then seeded random mixes of quotes, backslashes and blanks; never empty and never starting with a blank.
     */
    public static List<String> rawLines(int minimum, long seed) {
        List<String> lines = new ArrayList<>(RAW_HAND_PICKED);
        Random random = new Random(seed);
        while (lines.size() < minimum) {
            StringBuilder line = new StringBuilder(RAW_PROGRAMS.get(random.nextInt(RAW_PROGRAMS.size())));
            int pieces = random.nextInt(10);
            if (pieces > 0) {
                line.append(' ');
            }
            for (int p = 0; p < pieces; p++) {
                line.append(RAW_PIECES.get(random.nextInt(RAW_PIECES.size())));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String randomArgument(Random random) {
        StringBuilder arg = new StringBuilder();
        int pieces = random.nextInt(7);
        for (int p = 0; p < pieces; p++) {
            arg.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return arg.toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
