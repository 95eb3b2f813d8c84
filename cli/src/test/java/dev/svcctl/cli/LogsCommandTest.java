package dev.svcctl.cli;

import static dev.svcctl.cli.CliTest.svcctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code svcctl logs}: its options as parsed and documented (reading itself: ServiceLogsTest, LogsReaderTest). */
class LogsCommandTest {

    @Test
    void helpDocumentsStderrFollowAndLines() {
        CliTest.Outcome o = svcctl("logs", "--help");

        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("--stderr"), o.out());
        assertTrue(o.out().contains("Show the program's stderr instead of its stdout"), o.out());
        assertTrue(o.out().contains("-f, --follow"), o.out());
        assertTrue(o.out().contains("-n, --lines=N"), o.out());
    }

    @Test
    void stderrIsAnOptionOfLogsAndReachesTheBackend() {
        String name = "no-such-" + java.util.UUID.randomUUID().toString().substring(0, 8);

        CliTest.Outcome o = svcctl("logs", name, "--stderr", "-f", "-n", "3", "--backend", "systemd");

        // Parsed (not exit 2, "unknown option"): the systemd backend is asked, and finds no such unit.
        assertEquals(4, o.exitCode(), o.err());
        assertTrue(o.err().startsWith("svcctl: " + name + " is not installed"), o.err());
    }

    @Test
    void stderrTakesNoValueAndNameIsStillRequired() {
        CliTest.Outcome missingName = svcctl("logs", "--stderr", "--backend", "systemd");
        assertEquals(2, missingName.exitCode());
        assertTrue(missingName.err().contains("NAME"), missingName.err());

        CliTest.Outcome valued = svcctl("logs", "web", "--stderr=yes", "--backend", "systemd");
        assertEquals(2, valued.exitCode(), valued.err());
    }
}
