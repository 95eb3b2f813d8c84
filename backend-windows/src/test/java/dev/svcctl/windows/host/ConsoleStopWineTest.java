package dev.svcctl.windows.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.windows.WineTools;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service host's stop strategy on a real Windows API implementation (Wine): consolestop.exe starts programs in
 * their own consoles, sends Ctrl-C to one of them the way the host does (attach, a handler that takes the event,
 * CTRL_C_EVENT to the console, wait until that handler has seen it, detach, remove the handler), and kills a process tree by closing a KILL_ON_JOB_CLOSE job. The Java host binds the same calls with JNA.
 */
class ConsoleStopWineTest {

    @Test
    void ctrlCReachesOnlyTheProgramsConsoleAndTheJobTakesTheWholeTree() throws Exception {
        WineTools.assumeAvailable();
        Path exe = WineTools.compile("consolestop.exe", List.of("consolestop.c"), "-municode");
        WineTools.Result result = WineTools.wine(exe, List.of(), "", 90);
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : result.stdout().split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ctrl-c-sent", "yes");
        expected.put("host-saw-own-ctrl-c", "yes");
        expected.put("first-program-exit", "42");
        expected.put("second-program-running", "yes");
        expected.put("host-alive", "yes");
        expected.put("job-killed-child", "yes");
        expected.put("job-killed-grandchild", "yes");
        assertEquals(expected, facts, result.stdout() + result.stderr());
    }
}
