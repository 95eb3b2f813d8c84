package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class StderrLinesTest {
    private final LoggerContext context = new LoggerContext();

    private String line(StderrLines layout, String logger, Level level, String message) {
        return layout.doLayout(new LoggingEvent(StderrLinesTest.class.getName(), context.getLogger(logger), level,
                message, null, null));
    }

    @Test
    void theSupervisorsLinesNameTheService() {
        StderrLines lines = StderrLines.supervisor("web", false);

        assertEquals("svcctl[web]: started /usr/bin/web (pid 42)\n",
                line(lines, "dev.svcctl.supervisor.Supervisor", Level.INFO, "started /usr/bin/web (pid 42)"));
    }

    @Test
    void inTheJournalEachLineStartsWithItsSyslogPriority() {
        StderrLines lines = StderrLines.supervisor("web", true);
        String logger = "dev.svcctl.supervisor.Supervisor";

        assertEquals("<3>svcctl[web]: cannot start x\n", line(lines, logger, Level.ERROR, "cannot start x"));
        assertEquals("<4>svcctl[web]: unhealthy: timeout\n", line(lines, logger, Level.WARN, "unhealthy: timeout"));
        assertEquals("<6>svcctl[web]: started x\n", line(lines, logger, Level.INFO, "started x"));
        assertEquals("<7>svcctl[web]: detail\n", line(lines, logger, Level.DEBUG, "detail"));
    }

    @Test
    void verboseLinesSayTheLevelAndTheClass() {
        assertEquals("svcctl: DEBUG Systemctl: running systemctl daemon-reload\n", line(StderrLines.verbose(false),
                "dev.svcctl.systemd.Systemctl", Level.DEBUG, "running systemctl daemon-reload"));
    }
}
