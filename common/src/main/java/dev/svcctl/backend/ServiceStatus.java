package dev.svcctl.backend;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code status} reports for one service, the same for every backend.
 *
 * <p>For a service hosted by the svcctl supervisor ({@code svcctl run}, the Windows service host), the backend's
 * view is merged with the supervisor's state file ({@link dev.svcctl.state.SupervisedStatus}): {@code pid} is then
 * the program's, {@code supervisorPid} the supervisor's, and {@code health} and {@code readiness} are known.
 *
 * @param supervisorPid the pid of the supervisor hosting the program; empty when none does (or it is not known)
 * @param health {@code none}, {@code unknown}, {@code healthy} or {@code unhealthy}; empty when not known
 * @param readiness {@code none}, {@code waiting} or {@code ready}; empty when not known
 */
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
        boolean drift,
        OptionalLong supervisorPid,
        Optional<String> health,
        Optional<String> readiness) {

    /** A status as an init system alone sees it: nothing known about a supervisor. */
    public ServiceStatus(String name, String backend, ServiceState state, OptionalLong pid, Optional<Instant> since,
                         OptionalInt restarts, Optional<LastExit> lastExit, Optional<Boolean> enabled,
                         OptionalLong memoryBytes, boolean drift) {
        this(name, backend, state, pid, since, restarts, lastExit, enabled, memoryBytes, drift, OptionalLong.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * How the program last ended: an exit code, a signal name (without SIG), or both (the supervisor sees death by
     * signal N as code 128+N and names the signal).
     */
    public record LastExit(OptionalInt code, Optional<String> signal) {
    }

    public static ServiceStatus notInstalled(String name, String backend) {
        return new ServiceStatus(name, backend, ServiceState.NOT_INSTALLED, OptionalLong.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), false);
    }
}
