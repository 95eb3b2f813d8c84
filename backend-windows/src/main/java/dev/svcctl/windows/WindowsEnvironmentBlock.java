package dev.svcctl.windows;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment block CreateProcessW takes with CREATE_UNICODE_ENVIRONMENT: {@code NAME=value} strings, each
 * NUL-terminated, sorted by name without regard to case (Windows requires the order; names are case-insensitive, so
 * a later duplicate differing only in case replaces an earlier one), ending with an extra NUL.
 */
public final class WindowsEnvironmentBlock {
    private WindowsEnvironmentBlock() {
    }

    public static char[] of(Map<String, String> environment) {
        TreeMap<String, String> sorted = new TreeMap<>((a, b) ->
                a.toUpperCase(Locale.ROOT).compareTo(b.toUpperCase(Locale.ROOT)));
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') > 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("'" + name + "' cannot be in a Windows environment");
            }
            sorted.remove(name);
            sorted.put(name, value);
        });
        StringBuilder block = new StringBuilder();
        sorted.forEach((name, value) -> block.append(name).append('=').append(value).append('\0'));
        if (sorted.isEmpty()) {
            block.append('\0');
        }
        return block.append('\0').toString().toCharArray();
    }
}
