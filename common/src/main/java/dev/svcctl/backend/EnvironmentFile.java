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

    /**
     * A file of {@link #text}'s format with each value replaced by {@link Secrets#placeholder}: comment lines stay,
     * names stay. Empty when the text is not in that format (edited by hand): then nothing of it may be shown.
     */
    public static java.util.Optional<String> masked(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int eol = text.indexOf('\n', i);
            if (text.charAt(i) == '#' || text.charAt(i) == '\n') {
                int end = eol < 0 ? text.length() : eol + 1;
                out.append(text, i, end);
                i = end;
                continue;
            }
            int eq = text.indexOf("=\"", i);
            if (eq < 0 || (eol >= 0 && eq > eol) || !text.substring(i, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return java.util.Optional.empty();
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < text.length() && text.charAt(j) != '"') {
                if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                    j++;
                }
                value.append(text.charAt(j++));
            }
            if (j >= text.length()) {
                return java.util.Optional.empty();
            }
            out.append(text, i, eq).append('=').append(Secrets.placeholder(value.toString()));
            i = j + 1;
            if (i < text.length() && text.charAt(i) == '\n') {
                out.append('\n');
                i++;
            } else if (i < text.length()) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(out.toString());
    }
}
