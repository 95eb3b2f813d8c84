package dev.svcctl.systemd;

import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.Scope;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The programs of units that run {@code svcctl run --name}: what their supervisors' state files say, believed only
 * when the file's supervisor is the unit's main process (a file left by an earlier supervisor says nothing).
 */
final class SupervisedPrograms {
    private final SystemdHost host;
    private final boolean user;

    SupervisedPrograms(SystemdHost host, boolean user) {
        this.host = host;
        this.user = user;
    }

    /**
     * Whether the unit runs {@code svcctl run --name} or the shared host serves it: only then does install write the
     * spec copy they read (which of the two, each state file's kind tells: a monitor file is the host's).
     */
    boolean supervised(String service) {
        return Files.isRegularFile(host.files().resolve(UnitFiles.specPath(service, user)));
    }

    /** Where the supervisor of the service may have written its state, as paths on this host (or test root). */
    List<Path> stateFiles(String service) {
        return SvcctlPaths.current().stateFiles(service, user ? Scope.USER : Scope.SYSTEM).stream()
                .map(file -> host.files().resolve(file.toString())).toList();
    }

    /** The state written by the unit's current supervisor; empty when there is none (or the unit has no process). */
    Optional<SupervisorState> state(String service, UnitState unit) {
        OptionalLong mainPid = unit.mainPid();
        if (mainPid.isEmpty()) {
            return Optional.empty();
        }
        for (Path file : stateFiles(service)) {
            Optional<SupervisorState> state = new StateFile(file).read()
                    .filter(s -> s.supervisorPid() == mainPid.getAsLong() && s.name().equals(service));
            if (state.isPresent()) {
                return state;
            }
        }
        return Optional.empty();
    }

    /**
     * What must hold still, beside the unit's own state, for a start of a supervised unit to count as settled: its
     * program's restarts and state (a program that crashes keeps changing them while the unit stays active).
     */
    String runKey(String service, UnitState unit) {
        // A program that failed since the start has decided the start's outcome: the same key at every poll, so
        // the wait ends at once instead of watching it crash until the bound.
        return state(service, unit).map(s -> s.restarts() > 0 || s.state() == ProgramState.BACKOFF
                || s.state() == ProgramState.FAILED ? "failing" : s.restarts() + " " + s.state().label())
                .orElse(Settling.NO_SUPERVISOR);
    }
}
