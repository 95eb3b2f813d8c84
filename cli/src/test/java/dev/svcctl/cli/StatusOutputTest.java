package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** status and list output of what the supervisor adds: its pid, the program's health and readiness. */
class StatusOutputTest {
    private static final Instant SINCE = Instant.parse("2026-11-21T10:00:00Z");

    private static ServiceStatus supervised() {
        return new ServiceStatus("api", "systemd", ServiceState.RESTARTING, OptionalLong.of(150), Optional.of(SINCE),
                OptionalInt.of(3), Optional.of(new ServiceStatus.LastExit(OptionalInt.of(137), Optional.of("KILL"))),
                Optional.of(true), OptionalLong.empty(), false, OptionalLong.of(100), Optional.of("unhealthy"),
                Optional.of("waiting"));
    }

    private static ServiceStatus plain() {
        return new ServiceStatus("web", "systemd", ServiceState.RUNNING, OptionalLong.of(42), Optional.of(SINCE),
                OptionalInt.of(0), Optional.of(new ServiceStatus.LastExit(OptionalInt.of(3), Optional.empty())),
                Optional.of(true), OptionalLong.empty(), false);
    }

    @Test
    void jsonNamesTheSupervisorsPidHealthAndReadinessAndNullsThemWhenUnknown() throws Exception {
        StringWriter out = new StringWriter();
        StatusOutput.json(new PrintWriter(out), List.of(supervised(), plain()));
        var array = CliTest.services(out.toString());

        JsonObject api = array.get(0).getAsJsonObject();
        assertEquals("restarting", api.get("state").getAsString());
        assertEquals(150, api.get("pid").getAsLong());
        assertEquals(100, api.get("supervisorPid").getAsLong());
        assertEquals("unhealthy", api.get("health").getAsString());
        assertEquals("waiting", api.get("readiness").getAsString());
        assertEquals("{\"code\":137,\"signal\":\"KILL\"}", api.get("lastExit").toString());

        JsonObject web = array.get(1).getAsJsonObject();
        assertTrue(web.get("supervisorPid").isJsonNull());
        assertTrue(web.get("health").isJsonNull());
        assertTrue(web.get("readiness").isJsonNull());
        assertEquals("{\"code\":3}", web.get("lastExit").toString());
        assertEquals(api.keySet(), web.keySet());
    }

    @Test
    void theTableHasHealthAndReadyColumnsWithADashWhenUnknown() {
        StringWriter out = new StringWriter();
        StatusOutput.table(new PrintWriter(out), List.of(supervised(), plain()), SINCE.plusSeconds(5));
        String[] lines = out.toString().split("\n");
        int health = lines[0].indexOf("HEALTH");
        int ready = lines[0].indexOf("READY");
        assertTrue(health > lines[0].indexOf("LAST EXIT") && ready > health, lines[0]);
        assertTrue(lines[1].substring(lines[0].indexOf("LAST EXIT")).startsWith("code 137 (KILL)  unhealthy  waiting"),
                lines[1]);
        assertTrue(lines[1].startsWith("api   restarting  150"), lines[1]);
        assertEquals("-", lines[2].substring(health).split(" +")[0]);
        assertEquals("-", lines[2].substring(ready).split(" +")[0]);
    }
}
