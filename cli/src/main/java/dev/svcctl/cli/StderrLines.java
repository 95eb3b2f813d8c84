package dev.svcctl.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * The line a log event becomes on stderr: {@code svcctl[web]: started ...} from the supervisor,
 * {@code svcctl: DEBUG Systemctl: running ...} with {@code --verbose}. When stderr is the journal each line starts
 * with its syslog priority ({@code <4>} for a warning), which journald strips and keeps as the entry's priority, so
 * {@code journalctl -p warning} finds restarts and failed health checks. A layout of its own rather than a
 * PatternLayout: no pattern parser and converter classes in the supervisor's memory.
 */
final class StderrLines extends LayoutBase<ILoggingEvent> {
    private final String prefix;
    private final boolean levelAndLogger;
    private final boolean priorityPrefix;

    private StderrLines(String prefix, boolean levelAndLogger, boolean priorityPrefix) {
        this.prefix = prefix;
        this.levelAndLogger = levelAndLogger;
        this.priorityPrefix = priorityPrefix;
    }

    static StderrLines supervisor(String service, boolean underJournal) {
        return new StderrLines("svcctl[" + service + "]: ", false, underJournal);
    }

    /**
     * {@code svcctl run FILE FILE...}: each service's lines come from its own logger, {@code svcctl.NAME}
     * ({@link #SERVICE_LOGGER}), and are prefixed with its name; other loggers' lines with {@code svcctl: }.
     */
    static StderrLines hosted(boolean underJournal) {
        return new StderrLines(null, false, underJournal);
    }

    /** The prefix of the logger of each hosted service's lifecycle lines: {@code svcctl.NAME}. */
    static final String SERVICE_LOGGER = "svcctl.";

    static StderrLines verbose(boolean underJournal) {
        return new StderrLines("svcctl: ", true, underJournal);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(96);
        if (priorityPrefix) {
            line.append('<').append(syslogPriority(event.getLevel())).append('>');
        }
        if (prefix != null) {
            line.append(prefix);
        } else if (event.getLoggerName().startsWith(SERVICE_LOGGER)) {
            line.append("svcctl[").append(event.getLoggerName(), SERVICE_LOGGER.length(),
                    event.getLoggerName().length()).append("]: ");
        } else {
            line.append("svcctl: ");
        }
        if (levelAndLogger) {
            String logger = event.getLoggerName();
            line.append(event.getLevel()).append(' ').append(logger.substring(logger.lastIndexOf('.') + 1))
                    .append(": ");
        }
        return line.append(event.getFormattedMessage()).append('\n').toString();
    }

    static int syslogPriority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
