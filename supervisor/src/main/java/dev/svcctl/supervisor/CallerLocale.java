package dev.svcctl.supervisor;

import java.util.HashMap;
import java.util.Map;

/**
 * The JVM reads and writes arguments and environment in the locale's character set, so under the POSIX locale (no
 * LANG, as under systemd by default) every non-ASCII byte of a program's environment would become '?'. The launcher
 * therefore runs the JVM with {@code LC_ALL=C.UTF-8} and passes the caller's own {@code LC_ALL} in
 * {@value #VARIABLE} ({@code set:VALUE} or {@code unset}); the programs svcctl starts get the caller's back.
 */
public final class CallerLocale {
    public static final String VARIABLE = "SVCCTL_CALLER_LC_ALL";

    private CallerLocale() {
    }

    /** {@code environment} as the caller of the launcher had it. */
    public static Map<String, String> restore(Map<String, String> environment) {
        String caller = environment.get(VARIABLE);
        if (caller == null) {
            return environment;
        }
        Map<String, String> restored = new HashMap<>(environment);
        restored.remove(VARIABLE);
        if (caller.startsWith("set:")) {
            restored.put("LC_ALL", caller.substring(4));
        } else {
            restored.remove("LC_ALL");
        }
        return restored;
    }
}
