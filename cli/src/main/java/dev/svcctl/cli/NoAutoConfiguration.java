package dev.svcctl.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Registered as Logback's first configurator (META-INF/services): it ends Logback's own start-up search for
 * logback-test.xml and logback.xml and its default pattern console, which {@link Logging} would replace at once, so
 * the supervisor never loads Joran or the pattern parser.
 */
public final class NoAutoConfiguration extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
