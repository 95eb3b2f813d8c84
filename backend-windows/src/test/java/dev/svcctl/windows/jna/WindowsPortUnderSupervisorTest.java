package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.supervisor.Supervisor;
import dev.svcctl.supervisor.SupervisorEvent;
import dev.svcctl.supervisor.SupervisorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Windows process port's own logic ({@link Win32Process}, {@link RunJobs}) under the real {@link Supervisor},
 * with stand-in jobs for the Windows calls ({@link StandInWindowsPort}): what happens to each run's job and to a
 * hung health check.
 */
class WindowsPortUnderSupervisorTest {
    private static final long WAIT_SECONDS = 20;
    private static final LogsSpec INHERIT = new LogsSpec(LogTarget.INHERIT, LogTarget.INHERIT, Optional.empty(),
            Optional.empty());

    private final Events events = new Events();
    private Supervisor supervisor;

    /** The supervisor's events, recorded; lets a test wait for one. */
    private static final class Events {
        private final List<SupervisorEvent> all = new ArrayList<>();

        synchronized void add(SupervisorEvent event) {
            all.add(event);
            notifyAll();
        }

        synchronized long count(SupervisorEvent.Kind kind) {
            return all.stream().filter(e -> e.kind() == kind).count();
        }

        synchronized SupervisorEvent await(SupervisorEvent.Kind kind, int nth) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            Predicate<SupervisorEvent> wanted = e -> e.kind() == kind;
            while (all.stream().filter(wanted).count() < nth) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(kind + " #" + nth + " never came; got " + all);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return all.stream().filter(wanted).skip(nth - 1).findFirst().orElseThrow();
        }
    }

    private static SupervisorSettings settings(String test) throws IOException {
        Path dir = Path.of("target", "test-work", "windows-port", test).toAbsolutePath();
        Files.createDirectories(dir);
        return new SupervisorSettings(LogTarget.FILE, dir.resolve("logs"), Optional.empty(), Map.of(),
                Clock.systemUTC());
    }

    private static ServiceSpec.Builder program() {
        return ServiceSpec.builder("app", "/bin/sh").args("-c", "stand-in").logs(INHERIT)
                .restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofMillis(20), Optional.empty(), 1000,
                        Duration.ofSeconds(60), List.of(0)));
    }

    private Supervisor supervise(ServiceSpec spec, StandInWindowsPort port, String test) throws IOException {
        supervisor = new Supervisor(spec, settings(test), port, events::add);
        supervisor.start();
        return supervisor;
    }

    @AfterEach
    void stopSupervisor() throws InterruptedException {
        if (supervisor != null) {
            supervisor.stop();
            supervisor.awaitExit(Duration.ofSeconds(WAIT_SECONDS));
        }
    }

    @Test
    void aProcessAndItsHandleEndTheJobAndReportNoTreeOfTheirOwn() {
        java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
        FakeJob job = new FakeJob(exit);
        job.programStartsAChild();
        Win32Process process = new Win32Process(4242, job, java.io.InputStream.nullInputStream(),
                java.io.InputStream.nullInputStream(), exit);
        ProcessHandle handle = process.toHandle();
        assertEquals(4242, handle.pid());
        assertTrue(handle.isAlive());
        assertEquals(0, process.descendants().count(), "the job holds the tree");
        assertFalse(handle.onExit().isDone());
        assertTrue(handle.destroyForcibly());
        assertTrue(job.closed());
        assertEquals(0, job.aliveInTree(), "the child went with the job");
        assertTrue(handle.onExit().isDone());
        assertFalse(handle.isAlive());
        assertEquals(RunJobs.KILLED_EXIT_CODE, process.exitValue(), "ended by svcctl, not by itself");
    }

    @Test
    void aHungExecHealthCheckIsEndedWithItsJobAndTheChecksGoOn() throws Exception {
        HealthCheckSpec hung = new HealthCheckSpec(HealthCheckSpec.Kind.EXEC, "", List.of("hang"),
                Duration.ofMillis(50), Duration.ofMillis(100), 2, Duration.ZERO);
        StandInWindowsPort port = new StandInWindowsPort(-1, false);
        supervise(program().healthCheck(hung).build(), port, "hung-health-check");
        SupervisorEvent unhealthy = events.await(SupervisorEvent.Kind.UNHEALTHY, 1);
        assertTrue(unhealthy.message().contains("did not finish within 100ms"), unhealthy.message());
        assertTrue(unhealthy.message().contains("2 consecutive failures"), "the second check ran after the first"
                + " timed out: " + unhealthy.message());
        events.await(SupervisorEvent.Kind.STARTED, 2);
        events.await(SupervisorEvent.Kind.UNHEALTHY, 2);
        List<FakeJob> probes = port.jobs().stream().filter(j -> !port.programJobs().contains(j)).toList();
        assertTrue(probes.size() >= 4, "probes: " + probes.size());
        long ended = probes.stream().filter(FakeJob::closed).count();
        assertTrue(ended >= probes.size() - 1, "every timed-out check's job was terminated (the last may still"
                + " run): " + ended + " of " + probes.size());
    }

    @Test
    void eachRunsJobIsTerminatedAndClosedWhenTheRunEndsSoNoChildOutlivesIt() throws Exception {
        StandInWindowsPort port = new StandInWindowsPort(30, true);
        supervise(program().build(), port, "job-per-run");
        events.await(SupervisorEvent.Kind.STARTED, 5);
        SupervisorEvent exited = events.await(SupervisorEvent.Kind.EXITED, 4);
        assertTrue(exited.message().contains("killed 1 leftover process(es)"), exited.message());
        List<FakeJob> ended = port.programJobs().subList(0, 4);
        assertTrue(ended.stream().allMatch(FakeJob::closed), "the first four runs ended, so did their jobs");
        assertEquals(0, ended.stream().mapToInt(FakeJob::aliveInTree).sum());
        supervisor.stop();
        supervisor.awaitExit(Duration.ofSeconds(WAIT_SECONDS));
        List<FakeJob> runs = port.programJobs();
        assertTrue(runs.size() >= 5, "runs: " + runs.size());
        for (int i = 0; i < runs.size(); i++) {
            FakeJob job = runs.get(i);
            assertTrue(job.closed(), "run " + (i + 1) + " of " + runs.size() + ": its job is closed");
            assertEquals(0, job.aliveInTree(), "run " + (i + 1) + ": its child did not outlive it");
        }
        assertEquals(0, port.openJobs(), "no job handle is left open");
    }

    @Test
    void aRunKilledBySvcctlEndsDistinctlyFromTheProgramsOwnExitOne() throws Exception {
        StandInWindowsPort port = new StandInWindowsPort(-1, true).ignoringCtrlC();
        ServiceSpec spec = program().stop(new dev.svcctl.spec.StopSpec(dev.svcctl.spec.Signal.TERM,
                Duration.ofMillis(100))).build();
        supervise(spec, port, "killed-run");
        events.await(SupervisorEvent.Kind.STARTED, 1);
        supervisor.stop();
        events.await(SupervisorEvent.Kind.KILLING, 1);
        SupervisorEvent killed = events.await(SupervisorEvent.Kind.EXITED, 1);
        supervisor.awaitExit(Duration.ofSeconds(WAIT_SECONDS));
        assertTrue(killed.message().contains("ended with exit code 137 (SIGKILL)"), killed.message());
        assertEquals(Optional.of("KILL"), supervisor.state().lastExit().orElseThrow().signal());

        StandInWindowsPort crashing = new StandInWindowsPort(30, false);
        supervise(program().restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofMillis(20), Optional.empty(),
                1, Duration.ofSeconds(60), List.of(0))).build(), crashing, "own-exit-one");
        supervisor.awaitExit(Duration.ofSeconds(WAIT_SECONDS));
        assertEquals(1, supervisor.state().lastExit().orElseThrow().code());
        assertEquals(Optional.empty(), supervisor.state().lastExit().orElseThrow().signal(), "exit 1 is the program's");
    }
}
