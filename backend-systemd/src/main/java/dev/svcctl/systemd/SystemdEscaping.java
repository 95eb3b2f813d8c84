package dev.svcctl.systemd;

/**
 * Quoting of values in unit files, per systemd.syntax(7) and systemd.service(5). The rules differ per directive:
 * <ul>
 *   <li>Every setting expands specifiers first, on the whole value: a literal {@code %} is written {@code %%}.</li>
 *   <li>Exec lines then split the value into words, honouring double quotes and C escapes, and at exec time expand
 *       {@code $VAR}/{@code ${VAR}} in the arguments (not in the executable path): a literal {@code $} in an
 *       argument is written {@code $$}.</li>
 *   <li>{@code Environment=} unquotes and C-unescapes like Exec lines but does no {@code $} expansion.</li>
 *   <li>Plain settings (Description=, WorkingDirectory=, User=...) take the rest of the line as it is, with
 *       leading and trailing white space stripped and a trailing backslash meaning a continuation line; such values
 *       are checked, not escaped (see {@link SystemdBackend#check}).</li>
 * </ul>
 */
final class SystemdEscaping {
    private SystemdEscaping() {
    }

    /** One argument of an Exec line: always double-quoted, so separators like {@code ;} stay literal. */
    static String execWord(String arg) {
        return quote(arg, true);
    }

    /**
     * The executable word of an Exec line. systemd treats it twice: as the path to execute, where {@code $} is
     * literal ({@code $$} stays {@code $$}), and as argv[0], where {@code ${VAR}} is substituted (both observed on
     * systemd 252). No escaping serves both, so a path with a {@code $} uses the {@code @} prefix, which passes
     * argv[0] as the next word, escaped like any argument.
     */
    static String execPath(String path) {
        if (path.indexOf('$') < 0) {
            return quote(path, false);
        }
        return quote("@" + path, false) + " " + execWord(path);
    }

    /** One path of a space-separated path list such as {@code ReadWritePaths=}, quoted as a single word. */
    static String pathListWord(String path) {
        return quote(path, false);
    }

    /** A value of a plain setting: only specifiers need escaping. */
    static String specifiers(String value) {
        return value.replace("%", "%%");
    }

    private static String quote(String value, boolean escapeDollar) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '%' -> out.append("%%");
                case '$' -> out.append(escapeDollar ? "$$" : "$");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
