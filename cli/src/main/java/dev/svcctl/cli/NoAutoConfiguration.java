package dev.svcctl.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;
import java.io.PrintStream;

/**
 * Registered as Logback's first configurator (META-INF/services): it ends Logback's own start-up search for
 * logback-test.xml and logback.xml and its default pattern console, which {@link Logging} would replace at once, so
 * the supervisor never loads Joran or the pattern parser.
 *
 * <p>It also gives the context a status listener of its own ({@link WarningsToStderr}). Without one, Logback ends its
 * start-up with {@code StatusPrinter.printInCaseOfErrorsOrWarnings}, and merely loading that class formats dates in
 * the default time zone: the JDK's whole time-zone database (tzdb.dat, some 400 KB of live heap) then stays in the
 * memory of every idle {@code svcctl run} (bench/supervisor).
 */
public final class NoAutoConfiguration extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        WarningsToStderr.install(context.getStatusManager(), System.err);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * What Logback's start-up would have printed, without its timestamps: every warning and error of its own (a
     * broken appender, say) on stderr, those it had before this listener came and those after, until Logging
     * replaces the configuration (a reset removes it).
     */
    static final class WarningsToStderr implements StatusListener {
        private final PrintStream err;

        private WarningsToStderr(PrintStream err) {
            this.err = err;
        }

        static void install(StatusManager manager, PrintStream err) {
            WarningsToStderr listener = new WarningsToStderr(err);
            for (Status earlier : manager.getCopyOfStatusList()) {
                listener.addStatusEvent(earlier);
            }
            manager.add(listener);
        }

        @Override
        public void addStatusEvent(Status status) {
            if (status.getLevel() < Status.WARN) {
                return;
            }
            err.println("svcctl: logging " + (status.getLevel() == Status.ERROR ? "error" : "warning") + ": "
                    + status.getMessage() + (status.getThrowable() == null ? "" : " (" + status.getThrowable() + ")"));
        }
    }
}
