package dev.svcctl.windows;

import java.util.List;

/**
 * Builds a Windows command line from an argv list so that both parsers a Windows program may use, the Microsoft C
 * runtime's ({@code argv} of {@code main}/{@code wmain}) and {@code CommandLineToArgvW}, give that argv back exactly.
 *
 * <p>The program (argv[0]) is parsed by different rules from the arguments: it ends at the first space or tab, or,
 * when it starts with a quote, at the next quote, and backslashes in it are literal. It is therefore always quoted
 * (which also stops the SCM from guessing among prefixes of an unquoted path with spaces) and may not contain a
 * quote, which no Windows file name can. Nor may it end with a backslash: that names a directory, and parsers disagree
 * about {@code "C:\dir\"} (Windows' C runtime takes the backslash literally, Wine's msvcrt reads {@code \"} as an
 * escaped quote and runs the program name into the arguments, as the Wine quoting test showed).
 *
 * <p>An argument is written as it is when it is not empty and holds no space, tab, newline, vertical tab or quote.
 * Otherwise it is enclosed in quotes, a quote inside becomes {@code \"}, a run of backslashes before a quote (inside,
 * or the closing one) is doubled, and other backslashes stay as they are. The result never puts {@code ""} inside a
 * quoted part, where the C runtime and CommandLineToArgvW disagree.
 */
public final class WindowsCommandLine {
    /** The longest command line CreateProcess accepts, in UTF-16 code units, without the terminating NUL. */
    public static final int MAX_LENGTH = 32766;

    private WindowsCommandLine() {
    }

    /** The command line for {@code argv}: the program followed by its arguments. */
    public static String of(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command line needs at least the program");
        }
        StringBuilder line = new StringBuilder();
        appendProgram(line, argv.get(0));
        for (String arg : argv.subList(1, argv.size())) {
            line.append(' ');
            appendArgument(line, arg);
        }
        return line.toString();
    }

    /** Why {@code argv} cannot become a command line, or null when it can. */
    public static String problem(List<String> argv) {
        if (argv.isEmpty()) {
            return "a command line needs at least the program";
        }
        String program = argv.get(0);
        if (program.isEmpty()) {
            return "the program is empty";
        }
        if (program.indexOf('"') >= 0) {
            return "a Windows program path cannot contain '\"'";
        }
        if (program.endsWith("\\")) {
            return "a Windows program path cannot end with '\\' (that names a directory)";
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).indexOf('\0') >= 0) {
                return (i == 0 ? "the program" : "argument " + i) + " contains a NUL character, which a Windows"
                        + " command line cannot carry";
            }
        }
        return null;
    }

    /** Quotes one argument (not the program) by the rules above. */
    public static String quoteArgument(String arg) {
        StringBuilder out = new StringBuilder();
        appendArgument(out, arg);
        return out.toString();
    }

    private static void appendProgram(StringBuilder line, String program) {
        String problem = problem(List.of(program));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        line.append('"').append(program).append('"');
    }

    private static void appendArgument(StringBuilder line, String arg) {
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an argument contains a NUL character");
        }
        if (!arg.isEmpty() && arg.chars().noneMatch(WindowsCommandLine::needsQuotes)) {
            line.append(arg);
            return;
        }
        line.append('"');
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                line.append("\\".repeat(2 * backslashes + 1)).append('"');
            } else {
                line.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        line.append("\\".repeat(2 * backslashes)).append('"');
    }

    private static boolean needsQuotes(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '"';
    }
}
