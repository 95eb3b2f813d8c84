package dev.svcctl.supervisor;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of what the state file holds (format documented in docs/supervisor.md). {@code readiness} is a
 * {@link ReadyState#label()}; {@code statusText} the program's last STATUS= over the notify socket.
 */
public record SupervisorState(
        String name,
        long supervisorPid,
        OptionalLong pid,
        ProgramState state,
        Instant since,
        int restarts,
        Optional<ExitStatus> lastExit,
        Optional<Instant> lastExitAt,
        Health health,
        Optional<String> reason,
        String readiness,
        Optional<String> statusText) {
}
