package dev.svcctl.backend;

import java.util.Map;

/**
 * Writes variables in the format of systemd's {@code EnvironmentFile=} (which {@code envFile} uses on every platform)
 * so that reading the file gives each value back byte for byte: every value goes in double quotes, inside which the
 * parser keeps everything (blanks at either end, {@code #}, {@code '}, {@code $}, newlines and carriage returns)
 * except that a backslash escapes the next character; so {@code \} and {@code "} are written with a backslash before
 * them. Names are the spec's ({@code [A-Za-z_][A-Za-z0-9_]*}); values never hold NUL (the spec refuses it).
 */
public final class EnvironmentFile {
    private EnvironmentFile() {
    }

    /** The file: the comment line (without its {@code #}), then one assignment per variable, in order. */
    public static String text(String comment, Map<String, String> variables) {
        return "# " + comment + "\n" + assignments(variables);
    }

    /** One assignment per variable, in order, each on its line (a value with newlines spans several). */
    public static String assignments(Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            out.append(assignment(variable.getKey(), variable.getValue())).append('\n');
        }
        return out.toString();
    }

    /** {@code NAME="value"}, escaped. */
    public static String assignment(String name, String value) {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 4);
        out.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
