package dev.svcctl.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SupervisedStatusTest {
    private static final Instant UNIT_SINCE = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant PROGRAM_SINCE = Instant.parse("2026-11-21T10:05:00Z");

    private static ServiceStatus unit(ServiceState state, long mainPid, int restarts) {
        return new ServiceStatus("api", "systemd", state, OptionalLong.of(mainPid), Optional.of(UNIT_SINCE),
                OptionalInt.of(restarts), Optional.of(new ServiceStatus.LastExit(OptionalInt.empty(),
                Optional.of("TERM"))), Optional.of(true), OptionalLong.of(4096), true);
    }

    private static SupervisorState state(long supervisorPid, OptionalLong pid, ProgramState programState) {
        return new SupervisorState("api", supervisorPid, pid, programState, PROGRAM_SINCE, 3,
                Optional.of(new SupervisorState.Exit(137, Optional.of("KILL"), PROGRAM_SINCE)), Health.HEALTHY,
                ReadyState.READY, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void theProgramsPidRestartsExitHealthAndReadinessReplaceTheSupervisorsView() {
        ServiceStatus merged = SupervisedStatus.merge(unit(ServiceState.RUNNING, 100, 1),
                Optional.of(state(100, OptionalLong.of(150), ProgramState.RUNNING)));
        assertEquals(new ServiceStatus("api", "systemd", ServiceState.RUNNING, OptionalLong.of(150),
                Optional.of(PROGRAM_SINCE), OptionalInt.of(4), Optional.of(new ServiceStatus.LastExit(OptionalInt.of(137),
                Optional.of("KILL"))), Optional.of(true), OptionalLong.of(4096), true, OptionalLong.of(100),
                Optional.of("healthy"), Optional.of("ready")), merged);
    }

    @Test
    void aStaleFileWhoseSupervisorIsNotTheMainProcessIsIgnored() {
        ServiceStatus unit = unit(ServiceState.RUNNING, 100, 1);
        assertSame(unit, SupervisedStatus.merge(unit, Optional.of(state(99, OptionalLong.of(150),
                ProgramState.BACKOFF))));
        assertSame(unit, SupervisedStatus.merge(unit, Optional.empty()));
        ServiceStatus stopped = new ServiceStatus("api", "systemd", ServiceState.STOPPED, OptionalLong.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), false);
        assertSame(stopped, SupervisedStatus.merge(stopped, Optional.of(state(100, OptionalLong.of(150),
                ProgramState.RUNNING))));
    }

    @Test
    void theProgramsStateShowsThroughARunningSupervisor() {
        record Case(ServiceState unit, ProgramState program, ServiceState shown) {
        }
        for (Case c : List.of(new Case(ServiceState.RUNNING, ProgramState.BACKOFF, ServiceState.RESTARTING),
                new Case(ServiceState.RUNNING, ProgramState.FAILED, ServiceState.FAILED),
                new Case(ServiceState.RUNNING, ProgramState.STARTING, ServiceState.STARTING),
                new Case(ServiceState.RUNNING, ProgramState.STOPPING, ServiceState.STOPPING),
                new Case(ServiceState.RUNNING, ProgramState.STOPPED, ServiceState.STOPPING),
                new Case(ServiceState.RUNNING, ProgramState.RUNNING, ServiceState.RUNNING),
                new Case(ServiceState.STARTING, ProgramState.RUNNING, ServiceState.STARTING),
                new Case(ServiceState.STOPPING, ProgramState.RUNNING, ServiceState.STOPPING))) {
            ServiceStatus merged = SupervisedStatus.merge(unit(c.unit(), 100, 0),
                    Optional.of(state(100, OptionalLong.empty(), c.program())));
            assertEquals(c.shown(), merged.state(), c.toString());
            assertEquals(OptionalLong.empty(), merged.pid(), "no program runs: no pid, not the supervisor's");
        }
    }

    @Test
    void withoutAnExitUnderThisSupervisorTheInitSystemsLastExitStays() {
        SupervisorState fresh = new SupervisorState("api", 100, OptionalLong.of(150), ProgramState.RUNNING,
                PROGRAM_SINCE, 0, Optional.empty(), Health.NONE, ReadyState.NONE, Optional.empty(), Optional.empty(),
                Optional.empty());
        ServiceStatus merged = SupervisedStatus.merge(unit(ServiceState.RUNNING, 100, 2), Optional.of(fresh));
        assertEquals(Optional.of(new ServiceStatus.LastExit(OptionalInt.empty(), Optional.of("TERM"))),
                merged.lastExit());
        assertEquals(OptionalInt.of(2), merged.restarts());
        assertEquals(Optional.of("none"), merged.health());
    }

    @Test
    void theFirstFileWhoseSupervisorIsTheMainProcessIsTheOneMerged() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-work", "supervised-status").toAbsolutePath());
        Path stale = dir.resolve("a/api.json");
        Path current = dir.resolve("b/api.json");
        Path otherName = dir.resolve("c/api.json");
        new StateFile(stale).write(state(99, OptionalLong.of(1), ProgramState.RUNNING));
        new StateFile(otherName).write(new SupervisorState("web", 100, OptionalLong.of(2), ProgramState.RUNNING,
                PROGRAM_SINCE, 0, Optional.empty(), Health.NONE, ReadyState.NONE, Optional.empty(), Optional.empty(),
                Optional.empty()));
        new StateFile(current).write(state(100, OptionalLong.of(150), ProgramState.RUNNING));
        ServiceStatus merged = SupervisedStatus.merge(unit(ServiceState.RUNNING, 100, 0),
                List.of(dir.resolve("missing.json"), stale, otherName, current));
        assertEquals(OptionalLong.of(150), merged.pid());
        assertEquals(OptionalLong.of(100), merged.supervisorPid());
    }

    @Test
    void aStateFileAloneReadsAsItsSupervisorLeftIt() {
        SupervisorState running = state(100, OptionalLong.of(150), ProgramState.BACKOFF);
        ServiceStatus alive = SupervisedStatus.standalone("supervisor", running, true);
        assertEquals(ServiceState.RESTARTING, alive.state());
        assertEquals(OptionalLong.of(150), alive.pid());
        assertEquals(OptionalLong.of(100), alive.supervisorPid());
        assertEquals(OptionalInt.of(3), alive.restarts());

        ServiceStatus killed = SupervisedStatus.standalone("supervisor", running, false);
        assertEquals(ServiceState.FAILED, killed.state());
        assertEquals(OptionalLong.empty(), killed.pid());
        assertEquals(OptionalLong.empty(), killed.supervisorPid());
        assertEquals(OptionalInt.of(3), killed.restarts());
        assertEquals(Optional.of(new ServiceStatus.LastExit(OptionalInt.of(137), Optional.of("KILL"))),
                killed.lastExit());
        assertEquals(Optional.empty(), killed.health());

        assertEquals(ServiceState.STOPPED, SupervisedStatus.standalone("supervisor",
                state(100, OptionalLong.empty(), ProgramState.STOPPED), false).state());
    }

    private static SupervisorState monitorState(long hostPid) {
        return new SupervisorState("api", hostPid, OptionalLong.empty(), ProgramState.RUNNING, PROGRAM_SINCE, 2,
                Optional.empty(), Health.UNHEALTHY, ReadyState.NONE, Optional.empty(), Optional.empty(),
                Optional.of("restarted: unhealthy"), true);
    }

    @Test
    void theSharedHostsFileAddsHealthAndItsRestartsToWhatSystemdSaysOfTheProgram() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-work", "monitored-status").toAbsolutePath());
        Path file = dir.resolve("api.json");
        new StateFile(file).write(monitorState(77));
        ServiceStatus unit = unit(ServiceState.RUNNING, 100, 1);

        ServiceStatus merged = SupervisedStatus.mergeMonitored(unit, OptionalLong.of(77), List.of(file));
        assertEquals(new ServiceStatus("api", "systemd", ServiceState.RUNNING, OptionalLong.of(100),
                Optional.of(UNIT_SINCE), OptionalInt.of(3), unit.lastExit(), Optional.of(true), OptionalLong.of(4096),
                true, OptionalLong.empty(), Optional.of("unhealthy"), Optional.empty()), merged);

        // a stopped program has no health, whatever the host last found
        ServiceStatus stopped = new ServiceStatus("api", "systemd", ServiceState.STOPPED, OptionalLong.empty(),
                Optional.empty(), OptionalInt.of(0), Optional.empty(), Optional.of(true), OptionalLong.empty(), false);
        assertEquals(Optional.empty(), SupervisedStatus.mergeMonitored(stopped, OptionalLong.of(77), List.of(file))
                .health());

        // a file of a host that no longer runs, no host at all, or a supervisor's file: systemd's view alone
        assertSame(unit, SupervisedStatus.mergeMonitored(unit, OptionalLong.of(78), List.of(file)));
        assertSame(unit, SupervisedStatus.mergeMonitored(unit, OptionalLong.empty(), List.of(file)));
        new StateFile(file).write(state(77, OptionalLong.of(150), ProgramState.RUNNING));
        assertSame(unit, SupervisedStatus.mergeMonitored(unit, OptionalLong.of(77), List.of(file)));
    }

    @Test
    void aMonitorFileIsNeverTakenForTheSupervisorOfTheMainProcess() {
        ServiceStatus unit = unit(ServiceState.RUNNING, 100, 1);
        assertSame(unit, SupervisedStatus.merge(unit, Optional.of(monitorState(100))));
    }
}
