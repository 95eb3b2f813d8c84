package dev.svcctl.windows.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.windows.ScmRegistration;
import dev.svcctl.windows.WineTools;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Event Log calls JnaEventLog makes and the source registration install writes, in C under Wine (eventlog.exe).
 * Wine 8 keeps the registry key exactly and accepts RegisterEventSourceW / ReportEventW / DeregisterEventSource,
 * but stores no record: its ReportEventW writes the insertion string to its own debug channel (trace, warn or err
 * by event type), which is checked here; the Application log stays empty, which is also checked so that a Wine
 * that starts storing events shows up.
 */
class EventLogWineTest {

    @Test
    void theSourceKeyRoundTripsAndReportEventPassesTheMessageThrough() throws Exception {
        WineTools.assumeAvailable();
        Path exe = WineTools.compile("eventlog.exe", List.of("eventlog.c"), "-municode", "-ladvapi32");
        WineTools.Result result = WineTools.wine(exe, List.of(), "", 90, "-all,+eventlog");
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : result.stdout().split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String context = result.stdout() + result.stderr();
        assertEquals("0", facts.get("create-key"), context);
        assertEquals("2", facts.get("message-file-type"), "REG_EXPAND_SZ: " + context);
        assertEquals(ScmRegistration.EVENT_MESSAGE_FILE, facts.get("message-file"), context);
        assertEquals(String.valueOf(ScmRegistration.EVENT_TYPES_SUPPORTED), facts.get("types-supported"), context);
        assertEquals("handle", facts.get("register-event-source"), context);
        assertEquals("ok", facts.get("report-4"), context);
        assertEquals("ok", facts.get("report-2"), context);
        assertEquals("ok", facts.get("report-1"), context);
        assertEquals("ok", facts.get("deregister"), context);
        assertTrue(result.stderr().contains("warn:eventlog:ReportEventW L\"program ended with exit code 1\""), context);
        assertTrue(result.stderr().contains("err:eventlog:ReportEventW L\"gave up: more than 5 restarts within 1m\""),
                context);
        assertEquals("0", facts.get("records"), "Wine 8 stores no events: " + context);
        assertEquals("none", facts.get("read-event-log"), context);
        assertEquals("0", facts.get("delete-key"), context);
        assertEquals("gone", facts.get("key-after-delete"), context);
    }
}
