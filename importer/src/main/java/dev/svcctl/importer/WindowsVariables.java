package dev.svcctl.importer;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %NAME%} references as Windows' ExpandEnvironmentStrings reads them: a defined name is replaced, an undefined
 * one stays as written and its closing {@code %} may open the next reference. Names compare case-insensitively.
 */
final class WindowsVariables {
    private static final Pattern REFERENCE = Pattern.compile("%([^%\\r\\n]+)%");

    private WindowsVariables() {
    }

    /** Whether {@code text} holds a {@code %NAME%} that Windows would try to expand. */
    static boolean hasReference(String text) {
        return text != null && REFERENCE.matcher(text).find();
    }

    /** The first {@code %NAME%} in {@code text}, or null. */
    static String firstReference(String text) {
        Matcher m = REFERENCE.matcher(text);
        return m.find() ? m.group() : null;
    }

    /**
     * Expands the references to {@code known} (keys in upper case) and reports each other reference, which stays as
     * written.
     */
    static String expand(String text, Map<String, String> known, Consumer<String> unresolved) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('%', i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            int close = text.indexOf('%', open + 1);
            if (close < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, open);
            String name = text.substring(open + 1, close);
            String value = name.isEmpty() ? null : known.get(name.toUpperCase(Locale.ROOT));
            if (value != null) {
                out.append(value);
                i = close + 1;
            } else {
                if (!name.isEmpty() && name.indexOf('\n') < 0) {
                    unresolved.accept("%" + name + "%");
                }
                out.append(text, open, close);
                i = close;
            }
        }
        return out.toString();
    }
}
