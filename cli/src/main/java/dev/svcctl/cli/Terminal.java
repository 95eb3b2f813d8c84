package dev.svcctl.cli;

import dev.svcctl.backend.ServiceState;
import java.util.Map;

/**
 * What the CLI's human output may do on the terminal it writes to: colors and progress lines appear only when the
 * standard output is a terminal (Java 17: {@link System#console()}, which also needs a terminal on stdin), colors
 * never when {@code NO_COLOR} is set (https://no-color.org) or {@code TERM=dumb}.
 */
final class Terminal {
    private static final String RESET = "\u001b[0m";

    private Terminal() {
    }

    /** Whether the standard output is a terminal a person reads. */
    static boolean interactive() {
        return System.console() != null;
    }

    /** Whether human output on this process's standard output is colored. */
    static boolean colors() {
        return colors(interactive(), System.getenv());
    }

    static boolean colors(boolean terminal, Map<String, String> env) {
        return terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }

    /** {@code text} in the color of {@code state}: green running, yellow on its way, red failed, dim down. */
    static String colored(ServiceState state, String text) {
        String color = switch (state) {
            case RUNNING -> "\u001b[32m";
            case STARTING, RESTARTING, STOPPING -> "\u001b[33m";
            case FAILED -> "\u001b[1;31m";
            case STOPPED, NOT_INSTALLED -> "\u001b[2m";
        };
        return color + text + RESET;
    }
}
