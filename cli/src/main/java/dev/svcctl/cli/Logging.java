package dev.svcctl.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.svcctl.log.Log;
import org.slf4j.LoggerFactory;

/**
 * Logback for svcctl's own diagnostics, configured in code: one console appender on stderr writing
 * {@link StderrLines}. Only {@code --verbose} and {@code svcctl run} call this; every other command leaves SLF4J and
 * Logback unloaded (start-up time, see bench/startup).
 */
final class Logging {
    private Logging() {
    }

    /** {@code --verbose}: the debug lines of svcctl's classes ({@link Log}). */
    static void verbose() {
        toStderr(Level.DEBUG, StderrLines.verbose(underJournal()));
        Log.enable();
    }

    /** {@code svcctl run}: the supervisor's lifecycle lines, and the debug lines too after {@code --verbose}. */
    static void supervisor(String service) {
        toStderr(Log.enabled() ? Level.DEBUG : Level.INFO, StderrLines.supervisor(service, underJournal()));
    }

    /** {@code svcctl run FILE FILE...}: each service's lifecycle lines under its own name. */
    static void supervisors() {
        toStderr(Log.enabled() ? Level.DEBUG : Level.INFO, StderrLines.hosted(underJournal()));
    }

    /** What systemd sets when it connects stderr to the journal (svcctl's own units do). */
    private static boolean underJournal() {
        return System.getenv("JOURNAL_STREAM") != null;
    }

    private static void toStderr(Level level, StderrLines layout) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
    }
}
