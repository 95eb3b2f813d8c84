package dev.svcctl.backend;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What {@code status} reports for one service, the same for every backend. */
public record ServiceStatus(
        String name,
        String backend,
        ServiceState state,
        OptionalLong pid,
        Optional<Instant> since,
        OptionalInt restarts,
        Optional<LastExit> lastExit,
        Optional<Boolean> enabled,
        OptionalLong memoryBytes,
        boolean drift) {

    /** How the program last ended: an exit code or a signal name. */
    public record LastExit(OptionalInt code, Optional<String> signal) {
    }

    public static ServiceStatus notInstalled(String name, String backend) {
        return new ServiceStatus(name, backend, ServiceState.NOT_INSTALLED, OptionalLong.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), false);
    }
}
