package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StateFileTest {
    @Test
    void writesTheDocumentedJsonAndReplacesTheFileAtomically() throws Exception {
        Path dir = Fixtures.freshDir("state");
        StateFile file = new StateFile(dir.resolve("run/api.json"));
        Instant since = Instant.parse("2026-11-21T19:00:00Z");
        file.write(new SupervisorState("api", 10, OptionalLong.empty(), ProgramState.STARTING, since, 0,
                Optional.empty(), Optional.empty(), Health.NONE, Optional.empty(), "none", Optional.empty()));
        file.write(new SupervisorState("api", 10, OptionalLong.of(42), ProgramState.BACKOFF, since, 2,
                Optional.of(new ExitStatus(143)), Optional.of(since), Health.UNHEALTHY,
                Optional.of("said \"bye\"\n"), "none", Optional.empty()));
        assertEquals("""
                {
                  "version": 1,
                  "name": "api",
                  "supervisorPid": 10,
                  "pid": 42,
                  "state": "backoff",
                  "since": "2026-11-21T19:00:00Z",
                  "restarts": 2,
                  "lastExit": {"code": 143, "signal": "TERM", "at": "2026-11-21T19:00:00Z"},
                  "health": "unhealthy",
                  "reason": "said \\"bye\\"\\n"
                }
                """, Files.readString(dir.resolve("run/api.json")));
        assertFalse(Files.exists(dir.resolve("run/api.json.tmp")));
    }
}
