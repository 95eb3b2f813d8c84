package dev.svcctl.importer;

import dev.svcctl.windows.WindowsCommandLine;
import java.util.List;

/**
 * The argv a program receives when a Windows service wrapper (NSSM, WinSW) starts it: both write the program path in
 * quotes, a space and the configured parameter text, and hand that line to CreateProcess; the program's C runtime (or
 * CommandLineToArgvW) splits it. {@link WindowsCommandLine} holds the rules; this says where the two parsers differ.
 */
final class WindowsProgramLine {
    private WindowsProgramLine() {
    }

    /** The command line the wrapper builds: {@code "PROGRAM" PARAMETERS} (no space when there are none). */
    static String of(String program, String parameters) {
        return "\"" + program + "\"" + (parameters.isEmpty() ? "" : " " + parameters);
    }

    /**
     * The program's arguments (argv without argv[0]) as its C runtime parses the wrapper's line, with a warning at
     * {@code line} when CommandLineToArgvW would read them differently.
     */
    static List<String> arguments(String program, String parameters, Findings findings, int line, String setting) {
        String commandLine = of(program, parameters);
        List<String> crt = WindowsCommandLine.parse(commandLine);
        List<String> shell = WindowsCommandLine.parseCommandLineToArgvW(commandLine);
        List<String> args = crt.subList(1, crt.size());
        if (!crt.equals(shell)) {
            findings.warn(line, setting, "the C runtime splits these parameters into " + show(args)
                    + " but CommandLineToArgvW into " + show(shell.subList(1, shell.size()))
                    + " (runs of quotes); imported as the C runtime reads them, which most programs use; check"
                    + " which one the program uses");
        }
        if (parameters.indexOf('\n') >= 0 || parameters.indexOf('\r') >= 0) {
            findings.warn(line, setting, "the parameters hold line breaks, which Windows does not treat as"
                    + " separators: the program receives them inside its arguments, and so does the import");
        }
        return List.copyOf(args);
    }

    /** A list of values for a message: each in double quotes, with control characters as \\xNN. */
    static String show(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append('"');
            v.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            out.append('"');
        }
        return out.append(']').toString();
    }
}
