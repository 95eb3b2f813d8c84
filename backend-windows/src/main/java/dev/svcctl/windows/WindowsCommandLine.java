package dev.svcctl.windows;

import java.util.ArrayList;
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
 *
 * <p>The other direction, {@link #parse} and {@link #parseCommandLineToArgvW}, reads a command line someone else
 * wrote (NSSM's AppParameters, WinSW's arguments) into the argv a program receives. The two parsers agree on every
 * line {@link #of} builds but not on every line: after an opening quote, {@code ""} is one literal quote for the C
 * runtime, which stays inside the quotes, while CommandLineToArgvW counts quotes in threes and leaves the quoted part;
 * and the C runtime runs a program name on past its closing quote ({@code "C:\a.exe"x} is {@code C:\a.exex}) where
 * CommandLineToArgvW starts the next argument. Callers compare both and say so where they differ.
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

    /**
     * The argv the C runtime (Microsoft's, and Wine's msvcrt) gives {@code main}/{@code wmain} for {@code line}.
     *
     * <p>The program name: quotes switch quoting on and off and are dropped, backslashes are literal, and it ends at
     * the first space or tab outside quotes. Each argument after it: spaces and tabs outside quotes separate
     * arguments; 2n backslashes before a quote are n backslashes and the quote opens or closes quoting, 2n+1 are n
     * backslashes and a literal quote; inside quotes, {@code ""} is a literal quote and quoting goes on; backslashes
     * not before a quote are literal. A quote starts an argument even when nothing follows ({@code ""} is an empty
     * argument); an unclosed quote runs to the end of the line.
     */
    public static List<String> parse(String line) {
        List<String> argv = new ArrayList<>();
        int i = 0;
        int n = line.length();
        StringBuilder program = new StringBuilder();
        boolean quoted = false;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                break;
            } else {
                program.append(c);
            }
            i++;
        }
        argv.add(program.toString());
        while (true) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return argv;
            }
            StringBuilder arg = new StringBuilder();
            quoted = false;
            while (i < n) {
                char c = line.charAt(i);
                if (!quoted && isBlank(c)) {
                    break;
                }
                if (c == '\\') {
                    int start = i;
                    while (i < n && line.charAt(i) == '\\') {
                        i++;
                    }
                    int backslashes = i - start;
                    if (i < n && line.charAt(i) == '"') {
                        arg.append("\\".repeat(backslashes / 2));
                        if (backslashes % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.append("\\".repeat(backslashes));
                    }
                    continue;
                }
                if (c == '"') {
                    if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                    } else {
                        quoted = !quoted;
                        i++;
                    }
                    continue;
                }
                arg.append(c);
                i++;
            }
            argv.add(arg.toString());
        }
    }

    /**
     * The argv {@code CommandLineToArgvW} gives for {@code line} (not empty): the program name runs to the next quote
     * when it starts with one (the next argument starts right after it), else to the first space or tab; arguments
     * as in {@link #parse}, except for runs of quotes: every quote after an even number of backslashes counts, each
     * third one of a run is a literal quote, and quoting is on while the count is odd.
     */
    public static List<String> parseCommandLineToArgvW(String line) {
        List<String> argv = new ArrayList<>();
        int i = 0;
        int n = line.length();
        if (n > 0 && line.charAt(0) == '"') {
            int end = line.indexOf('"', 1);
            end = end < 0 ? n : end;
            argv.add(line.substring(1, end));
            i = Math.min(n, end + 1);
        } else {
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            argv.add(line.substring(0, i));
        }
        while (true) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return argv;
            }
            StringBuilder arg = new StringBuilder();
            int quotes = 0;
            int backslashes = 0;
            while (i < n) {
                char c = line.charAt(i);
                if (quotes == 0 && isBlank(c)) {
                    break;
                }
                if (c == '\\') {
                    arg.append(c);
                    backslashes++;
                    i++;
                    continue;
                }
                if (c == '"') {
                    arg.setLength(arg.length() - backslashes / 2);
                    if (backslashes % 2 == 0) {
                        quotes++;
                    } else {
                        arg.setLength(arg.length() - 1);
                        arg.append('"');
                    }
                    backslashes = 0;
                    i++;
                    while (i < n && line.charAt(i) == '"') {
                        if (++quotes == 3) {
                            arg.append('"');
                            quotes = 0;
                        }
                        i++;
                    }
                    if (quotes == 2) {
                        quotes = 0;
                    }
                    continue;
                }
                arg.append(c);
                backslashes = 0;
                i++;
            }
            argv.add(arg.toString());
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
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
