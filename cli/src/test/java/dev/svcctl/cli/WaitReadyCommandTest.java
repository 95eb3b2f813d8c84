package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code svcctl wait-ready}: hidden, one line and exit 4 for a service that is not installed, $MAINPID parsed. */
class WaitReadyCommandTest {

    @Test
    void theUsageHelpDoesNotListIt() {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertTrue(out.toString().contains("  run "), out.toString());
        assertFalse(out.toString().contains("wait-ready"), out.toString());
    }

    @Test
    void aServiceThatIsNotInstalledIsOneLineAndExit4() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "wait-ready", "no-such-service-19");
        assertEquals(4, code);
        List<String> lines = err.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("svcctl: 'no-such-service-19' is not installed (no "), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void mainPidIsTakenOnlyWhenItIsOne() {
        assertEquals(OptionalLong.of(4242), WaitReadyCommand.mainPid("4242"));
        assertEquals(OptionalLong.empty(), WaitReadyCommand.mainPid(null));
        assertEquals(OptionalLong.empty(), WaitReadyCommand.mainPid(""));
        assertEquals(OptionalLong.empty(), WaitReadyCommand.mainPid("0"));
        assertEquals(OptionalLong.empty(), WaitReadyCommand.mainPid("12 34"));
    }
}
