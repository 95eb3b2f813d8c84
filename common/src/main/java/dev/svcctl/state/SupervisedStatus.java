package dev.svcctl.state;

import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code status} shows of a service the svcctl supervisor hosts: the init system's view seen through the
 * supervisor's state file. One function for every backend (systemd, launchd, the Windows service host, and the
 * {@code supervisor} backend of hosts without an init system).
 */
public final class SupervisedStatus {
    private SupervisedStatus() {
    }

    /**
     * The init system's status, with what the supervisor knows when {@code state} is the state of the supervisor
     * the init system runs: its {@code supervisorPid} is the service's main pid. A file left by an earlier
     * supervisor (or one of that name that some other run wrote) never matches, so it is never trusted.
     *
     * <ul>
     *   <li>{@code pid} becomes the program's (empty while none runs), {@code supervisorPid} the supervisor's;</li>
     *   <li>{@code restarts} adds the program's restarts under this supervisor to the init system's restarts of
     *       the supervisor (each of which restarted the program too);</li>
     *   <li>{@code lastExit} is the program's last end, when it has ended under this supervisor; {@code since}
     *       when the program entered its state; {@code health} and {@code readiness} the supervisor's;</li>
     *   <li>while the init system calls the service running or starting, the program's state decides: waiting to
     *       be restarted is {@code restarting}, given up {@code failed}, starting {@code starting}, stopping (or
     *       stopped while the supervisor ends) {@code stopping}.</li>
     * </ul>
     */
    public static ServiceStatus merge(ServiceStatus fromInitSystem, Optional<SupervisorState> state) {
        if (state.isEmpty() || state.get().monitor() || fromInitSystem.pid().isEmpty()
                || fromInitSystem.pid().getAsLong() != state.get().supervisorPid()) {
            return fromInitSystem;
        }
        SupervisorState s = state.get();
        ServiceStatus i = fromInitSystem;
        return new ServiceStatus(i.name(), i.backend(), state(i.state(), s.state()), s.pid(),
                Optional.of(s.since()), OptionalInt.of(i.restarts().orElse(0) + s.restarts()),
                s.lastExit().map(SupervisedStatus::lastExit).or(i::lastExit), i.enabled(), i.memoryBytes(), i.drift(),
                OptionalLong.of(s.supervisorPid()), Optional.of(s.health().label()),
                Optional.of(s.readiness().label()));
    }

    /**
     * The merge with the state read from the first of {@code stateFiles} whose supervisor is the init system's
     * main process (a service's file may be in more than one runtime directory, see SvcctlPaths#runtimeDirs).
     */
    public static ServiceStatus merge(ServiceStatus fromInitSystem, List<Path> stateFiles) {
        if (fromInitSystem.pid().isEmpty()) {
            return fromInitSystem;
        }
        long mainPid = fromInitSystem.pid().getAsLong();
        for (Path file : stateFiles) {
            Optional<SupervisorState> state = new StateFile(file).read()
                    .filter(s -> s.supervisorPid() == mainPid && s.name().equals(fromInitSystem.name()));
            if (state.isPresent()) {
                return merge(fromInitSystem, state);
            }
        }
        return fromInitSystem;
    }

    /**
     * The init system's status of a service it supervises natively while the shared host ({@code svcctl host})
     * monitors it, with what the host knows, from the first of {@code stateFiles} that the running host wrote
     * ({@code monitor} set, its {@code supervisorPid} the host's pid {@code hostPid}, the service's name). Then
     * {@code restarts} adds the restarts the host asked for to the init system's own, and {@code health} is the
     * host's while the program runs (none once it is stopped or failed). Everything else (pid, state, last exit) is the init system's, which supervises the program itself.
     * No running host, or no file of it: the init system's status unchanged.
     */
    public static ServiceStatus mergeMonitored(ServiceStatus fromInitSystem, OptionalLong hostPid,
            List<Path> stateFiles) {
        if (hostPid.isEmpty()) {
            return fromInitSystem;
        }
        for (Path file : stateFiles) {
            Optional<SupervisorState> state = new StateFile(file).read()
                    .filter(s -> s.monitor() && s.supervisorPid() == hostPid.getAsLong()
                            && s.name().equals(fromInitSystem.name()));
            if (state.isPresent()) {
                SupervisorState s = state.get();
                ServiceStatus i = fromInitSystem;
                // The host's verdict is about a running program; a stopped one has none.
                boolean runs = i.state() == ServiceState.RUNNING || i.state() == ServiceState.STARTING
                        || i.state() == ServiceState.RESTARTING;
                return new ServiceStatus(i.name(), i.backend(), i.state(), i.pid(), i.since(),
                        OptionalInt.of(i.restarts().orElse(0) + s.restarts()), i.lastExit(), i.enabled(),
                        i.memoryBytes(), i.drift(), i.supervisorPid(),
                        runs ? Optional.of(s.health().label()) : i.health(), i.readiness());
            }
        }
        return fromInitSystem;
    }

    /**
     * The status of a service that only its state file describes (no init system runs it): as {@link #merge} makes
     * it while the supervisor lives; once it is gone, {@code stopped} if it ended so and {@code failed} otherwise
     * (given up, or killed before it could say), with no pid, and the restarts and last exit it recorded.
     */
    public static ServiceStatus standalone(String backend, SupervisorState s, boolean supervisorAlive) {
        if (supervisorAlive) {
            ServiceStatus supervisor = new ServiceStatus(s.name(), backend, ServiceState.RUNNING,
                    OptionalLong.of(s.supervisorPid()), Optional.of(s.since()), OptionalInt.empty(), Optional.empty(),
                    Optional.empty(), OptionalLong.empty(), false);
            return merge(supervisor, Optional.of(s));
        }
        ServiceState state = s.state() == ProgramState.STOPPED ? ServiceState.STOPPED : ServiceState.FAILED;
        return new ServiceStatus(s.name(), backend, state, OptionalLong.empty(), Optional.of(s.since()),
                OptionalInt.of(s.restarts()), s.lastExit().map(SupervisedStatus::lastExit), Optional.empty(),
                OptionalLong.empty(), false);
    }

    private static ServiceState state(ServiceState initSystem, ProgramState program) {
        if (initSystem != ServiceState.RUNNING && initSystem != ServiceState.STARTING) {
            return initSystem;
        }
        return switch (program) {
            case STARTING -> ServiceState.STARTING;
            case RUNNING -> initSystem;
            case BACKOFF -> ServiceState.RESTARTING;
            case STOPPING, STOPPED -> ServiceState.STOPPING;
            case FAILED -> ServiceState.FAILED;
        };
    }

    private static ServiceStatus.LastExit lastExit(SupervisorState.Exit exit) {
        return new ServiceStatus.LastExit(OptionalInt.of(exit.code()), exit.signal());
    }
}
