package dev.svcctl.cli;

import static dev.svcctl.cli.CliTest.spec;
import static dev.svcctl.cli.CliTest.svcctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue #16's acceptance on the command line: render of the shipped Windows example shows what install applies (the
 * logon right, the preshutdown timeout, the job limits and the priority class), and validate refuses at the key what
 * Windows cannot honour.
 */
class WindowsRenderCommandTest {

    @Test
    void renderOfTheWindowsExampleShowsTheLogonRightPreshutdownJobLimitsAndPriority() {
        CliTest.Outcome o = svcctl("render", "--backend", "windows", "--json", Path.of("..", "examples",
                "windows.yaml").toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonObject doc = JsonParser.parseString(o.out()).getAsJsonObject();
        JsonObject r = doc.getAsJsonArray("renderings").get(0).getAsJsonObject().getAsJsonObject("registration");
        assertEquals("SeServiceLogonRight", r.get("logonRight").getAsString());
        assertEquals(90_000, r.get("preshutdownTimeoutMs").getAsLong());
        JsonObject job = r.getAsJsonObject("jobLimits");
        assertEquals(2L << 30, job.get("jobMemoryLimitBytes").getAsLong());
        assertEquals(64, job.get("activeProcessLimit").getAsInt());
        assertEquals(200, job.get("cpuRateHardCapPercentOfOneCpu").getAsInt());
        assertEquals("ABOVE_NORMAL_PRIORITY_CLASS", r.get("priorityClass").getAsString());

        CliTest.Outcome text = svcctl("render", "--backend", "windows", Path.of("..", "examples",
                "windows.yaml").toString());
        assertEquals(0, text.exitCode(), text.err());
        for (String shown : new String[] {"SeServiceLogonRight", "90000", "ABOVE_NORMAL_PRIORITY_CLASS", "2147483648"}) {
            assertTrue(text.out().contains(shown), shown + " in\n" + text.out());
        }
    }

    @Test
    void validateRefusesWhatWindowsCannotHonourAtTheKey() throws Exception {
        Path file = spec("win-refused.yaml", "name: refused\nexec: 'C:\\app\\app.exe'\nlimits:\n  openFiles: 1024\n"
                + "stop:\n  signal: KILL\nplatform:\n  windows:\n    failureActions:\n"
                + "      - {action: run, command: 'C:\\ops\\a.cmd'}\n"
                + "      - {action: run, delay: 1m, command: 'C:\\ops\\b.cmd'}\n"
                + "    stopMethods: [ctrlC, terminate]\n    userAutostart: runKey\n");
        CliTest.Outcome o = svcctl("validate", file.toString(), "--backend", "windows");
        assertEquals(65, o.exitCode(), o.err());
        assertTrue(o.err().contains(file + ":4:3: limits.openFiles: Windows has no per-process limit on open files"),
                o.err());
        assertTrue(o.err().contains(file + ":11:34: platform.windows.failureActions[1].command: Windows keeps one"
                + " command for all run actions"), o.err());
        assertTrue(o.err().contains(file + ":12:5: platform.windows.stopMethods: stop.signal KILL terminates"),
                o.err());
        assertTrue(o.err().contains(file + ":13:5: platform.windows.userAutostart: the Run key starts a program"),
                o.err());
    }

    @Test
    void renderOfSharedServicesShowsTheShareProcessTypeAndOneGroupForOneToken() throws Exception {
        String shared = "platform:\n  windows:\n    account: localService\n    serviceHost: shared\n";
        Path a = spec("shared-a.yaml", "name: shared-a\nexec: 'C:\\app\\a.exe'\n" + shared);
        Path b = spec("shared-b.yaml", "name: shared-b\nexec: 'C:\\app\\b.exe'\n" + shared);
        CliTest.Outcome o = svcctl("render", "--backend", "windows", a.toString(), b.toString());
        assertEquals(0, o.exitCode(), o.err());
        java.util.List<String> groups = o.out().lines().filter(l -> l.startsWith("serviceGroup: ")).toList();
        assertEquals(2, groups.size(), o.out());
        assertEquals(groups.get(0), groups.get(1), "one token, one group");
        String group = groups.get(0).substring("serviceGroup: ".length());
        assertEquals(2, o.out().lines().filter(l -> l.equals("serviceType: share-process")).count(), o.out());
        assertEquals(2, o.out().lines().filter(l -> l.startsWith("binaryPath: ")
                && l.endsWith(" host --group " + group)).count(), o.out());

        Path user = spec("shared-user.yaml", "name: shared-user\nexec: 'C:\\app\\u.exe'\nscope: user\n"
                + "platform:\n  windows:\n    serviceHost: shared\n");
        CliTest.Outcome refused = svcctl("validate", user.toString(), "--backend", "windows");
        assertEquals(65, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains(user + ":6:5: platform.windows.serviceHost: a shared host process is a"
                + " service's"), refused.err());
    }
}
