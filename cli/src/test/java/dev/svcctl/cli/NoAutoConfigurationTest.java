package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.status.WarnStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NoAutoConfigurationTest {
    /**
     * Logback prints its start-up statuses itself (with StatusPrinter, whose dates load the time-zone database) only
     * when the context has no status listener: after this configurator it has one.
     */
    @Test
    void theContextHasAStatusListenerSoLogbackPrintsNoStatusesItself() {
        LoggerContext context = new LoggerContext();
        NoAutoConfiguration configurator = new NoAutoConfiguration();
        configurator.setContext(context);

        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));
        assertTrue(StatusUtil.contextHasStatusListener(context));
    }

    @Test
    void warningsAndErrorsBeforeAndAfterGoToStderrAndInformationDoesNot() {
        LoggerContext context = new LoggerContext();
        context.getStatusManager().add(new InfoStatus("found no configuration file", this));
        context.getStatusManager().add(new WarnStatus("an early warning", this));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        NoAutoConfiguration.WarningsToStderr.install(context.getStatusManager(), err);
        context.getStatusManager().add(new InfoStatus("appender started", this));
        context.getStatusManager().add(new ErrorStatus("appender failed", this, new IllegalStateException("closed")));

        assertEquals("svcctl: logging warning: an early warning\n"
                + "svcctl: logging error: appender failed (java.lang.IllegalStateException: closed)\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
