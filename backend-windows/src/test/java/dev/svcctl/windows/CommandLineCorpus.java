package dev.svcctl.windows;

import dev.svcctl.testing.HostileStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Argument lists chosen to break Windows quoting: hand-picked edge cases, then seeded random mixes of them. */
final class CommandLineCorpus {
    static final List<String> PROGRAMS = List.of(
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
    static List<List<String>> argvLists(int minimum, long seed) {
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
