package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParsingTest {
    @Test
    void showOutputSplitsIntoOneBlockPerUnit() {
        var blocks = Systemctl.parseShow("Id=a.service\nActiveState=active\n\nId=b.service\nDescription=x=y\n");
        assertEquals(2, blocks.size());
        assertEquals("x=y", blocks.get(1).get("Description"));
    }

    @Test
    void signalsExitCodesAndUnsetValues() {
        UnitState killed = new UnitState(Map.of("LoadState", "loaded", "ActiveState", "activating",
                "ExecMainCode", "2", "ExecMainStatus", "9", "MemoryCurrent", "18446744073709551615"));
        assertEquals(ServiceState.STARTING, killed.state());
        assertEquals(Optional.of("KILL"), killed.lastExit().orElseThrow().signal());
        assertTrue(killed.memoryBytes().isEmpty());
        assertTrue(new UnitState(Map.of("LoadState", "not-found")).state() == ServiceState.NOT_INSTALLED);
    }

    @Test
    void timestampsWithMicroseconds() {
        assertEquals(Optional.of(java.time.Instant.parse("2026-11-21T19:31:27.123456Z")),
                UnitState.timestamp("Sat 2026-11-21 19:31:27.123456 UTC"));
        assertEquals(Optional.empty(), UnitState.timestamp(""));
        assertEquals(Optional.of(java.time.Instant.parse("2028-02-29T23:59:59.000001Z")),
                UnitState.timestamp("Tue 2028-02-29 23:59:59.000001 UTC"));
        assertEquals(Optional.of(java.time.Instant.parse("1970-01-01T00:00:00Z")),
                UnitState.timestamp("Thu 1970-01-01 00:00:00.000000 UTC"));
        assertEquals(Optional.of(java.time.Instant.ofEpochSecond(1700000000)), UnitState.timestamp("@1700000000"));
        assertEquals(Optional.empty(), UnitState.timestamp("Mon 2026-13-40 25:00:00.000000 UTC"), "no such time");
        assertEquals(Optional.empty(), UnitState.timestamp("n/a"));
    }

    @Test
    void timeSpansInSystemdSpelling() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), UnitState.timespan("1min 30s"));
        assertEquals(Optional.of(Duration.ofMillis(250)), UnitState.timespan("250ms"));
        assertEquals(Optional.empty(), UnitState.timespan("infinity"));
    }

    @Test
    void enablementLinksFollowTheInstallSection() {
        assertEquals(List.of("multi-user.target.wants/a.service", "x.target.requires/a.service"),
                RootEnablement.links("[Service]\nWantedBy=not-here\n[Install]\nWantedBy=multi-user.target\n"
                        + "RequiredBy=x.target\n", "a.service"));
    }

    @Test
    void logFilesComeFromTheUnitsAppendTargets() {
        String unit = "StandardOutput=append:%L/svcctl/a/stdout.log\nStandardError=append:/srv/100%%/err.log\n";
        assertEquals(java.util.Optional.of("/var/log/svcctl/a/stdout.log"),
                LogsReader.logFile(unit, dev.svcctl.logs.LogStream.STDOUT, false));
        assertEquals(java.util.Optional.of("/srv/100%/err.log"),
                LogsReader.logFile(unit, dev.svcctl.logs.LogStream.STDERR, false));
        assertEquals(java.util.Optional.of("~/.local/state/log/svcctl/a/stdout.log"),
                LogsReader.logFile(unit, dev.svcctl.logs.LogStream.STDOUT, true));
        assertEquals(java.util.Optional.empty(), LogsReader.logFile("StandardOutput=journal\n",
                dev.svcctl.logs.LogStream.STDOUT, false));
    }
}
