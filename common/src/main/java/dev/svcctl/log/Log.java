package dev.svcctl.log;

import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Debug diagnostics that cost nothing unless asked for: SLF4J (and so Logback) is only touched once the CLI has turned
 * them on with {@code --verbose}, because initialising a logging framework on every call of a CLI that scripts run in
 * loops is a measurable part of its start-up time. ({@code svcctl run}, which stays up, logs its lifecycle through
 * SLF4J always.)
 */
public final class Log {
    private static volatile boolean enabled;

    private Log() {
    }

    public static void enable() {
        enabled = true;
    }

    public static boolean enabled() {
        return enabled;
    }

    public static void debug(Class<?> where, Supplier<String> message) {
        if (enabled) {
            LoggerFactory.getLogger(where).debug(message.get());
        }
    }

    public static void info(Class<?> where, Supplier<String> message) {
        if (enabled) {
            LoggerFactory.getLogger(where).info(message.get());
        }
    }
}
