package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Graceful stop, escalation to killing the whole tree, reload, and leftovers, with real child processes. */
class SupervisorStopTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RestartSpec NEVER =
            new RestartSpec(RestartPolicy.NEVER, Duration.ofMillis(100), Optional.empty(), 5, Duration.ofSeconds(60),
                    List.of(0));

    private static Supervisor start(ServiceSpec spec, RecordingListener listener, Path dir) throws IOException {
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        supervisor.start();
        return supervisor;
    }

    private static Outcome await(Supervisor supervisor) throws InterruptedException {
        return supervisor.awaitExit(WAIT).orElseThrow(() -> new AssertionError("supervision did not end"));
    }

    private static void awaitFile(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not get " + lines + " lines");
            }
            Thread.sleep(20);
        }
    }

    private static boolean exists(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    @Test
    void stopSendsTheStopSignalAndAProgramThatEndsNeedsNoKill() throws Exception {
        Path dir = Fixtures.freshDir("stop/graceful");
        Path marker = dir.resolve("marker");
        ServiceSpec spec = Fixtures.shell("graceful", "trap 'echo got INT > \"" + marker + "\"; exit 0' INT;"
                        + " echo ready > '" + dir.resolve("ready") + "'; while :; do sleep 0.05; done")
                .stop(new StopSpec(Signal.INT, Duration.ofSeconds(10))).restart(NEVER).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, listener, dir);
        awaitFile(dir.resolve("ready"), 1);
        supervisor.stop();
        Outcome outcome = await(supervisor);
        assertEquals(new Outcome(0, "stopped on request"), outcome);
        assertEquals("got INT\n", Files.readString(marker));
        assertEquals(0, listener.count(Kind.KILLING));
        assertTrue(Files.readString(dir.resolve("run/state.json")).contains("\"state\": \"stopped\""));
    }

    /** The host's log router died (svcctl run FILE FILE...): the program is stopped, and the service ends FAILED. */
    @Test
    void stopFailingStopsTheProgramGracefullyAndEndsAsFailedWithTheReason() throws Exception {
        Path dir = Fixtures.freshDir("stop/failing");
        ServiceSpec spec = Fixtures.shell("failing", "trap 'exit 0' TERM; echo ready > '" + dir.resolve("ready")
                + "'; while :; do sleep 0.05; done").restart(NEVER).build();
        Supervisor supervisor = start(spec, new RecordingListener(), dir);
        awaitFile(dir.resolve("ready"), 1);
        supervisor.stopFailing("the log router stopped");
        assertEquals(new Outcome(1, "the log router stopped"), await(supervisor));
        assertTrue(Files.readString(dir.resolve("run/state.json")).contains("\"state\": \"failed\""));
    }

    /** status must not say "stopped" while this process still kills the program's tree and closes its logs. */
    @Test
    void theStateFileSaysStoppingUntilTheCleanUpIsDoneAndOnlyThenStopped() throws Exception {
        Path dir = Fixtures.freshDir("stop/final-state");
        Path stateFile = dir.resolve("run/state.json");
        ServiceSpec spec = Fixtures.shell("final", "trap 'exit 0' TERM; echo ready > '" + dir.resolve("ready")
                + "'; while :; do sleep 0.05; done").restart(NEVER).build();
        java.util.concurrent.atomic.AtomicReference<String> atFinish = new java.util.concurrent.atomic.AtomicReference<>();
        SupervisorListener listener = event -> {
            if (event.kind() == Kind.FINISHED) {
                try {
                    atFinish.set(Files.readString(stateFile));
                } catch (IOException e) {
                    atFinish.set(e.toString());
                }
            }
        };
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        supervisor.start();
        awaitFile(dir.resolve("ready"), 1);
        supervisor.stop();
        assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
        assertTrue(atFinish.get().contains("\"state\": \"stopping\""), atFinish.get());
        assertTrue(Files.readString(stateFile).contains("\"state\": \"stopped\""), "final once cleaned up");
    }

    /** A JVM exits 143 after SIGTERM: after a requested stop that is clean, whatever restart.policy says. */
    @Test
    void anExitWith128PlusTheStopSignalAfterAStopIsClean() throws Exception {
        Path dir = Fixtures.freshDir("stop/exit143");
        ServiceSpec spec = Fixtures.shell("jvm-like", "trap 'exit 143' TERM; echo ready > '" + dir.resolve("ready")
                        + "'; while :; do sleep 0.05; done")
                .stop(new StopSpec(Signal.TERM, Duration.ofSeconds(10))).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, listener, dir);
        awaitFile(dir.resolve("ready"), 1);
        supervisor.stop();
        assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
        assertTrue(listener.of(Kind.EXITED).get(0).event().message().contains("143"),
                listener.of(Kind.EXITED).get(0).event().message());
        assertTrue(Files.readString(dir.resolve("run/state.json")).contains("\"state\": \"stopped\""));
    }

    /** Like ssh: stopping or restarting the daemon leaves the sessions it forked. */
    @Test
    void stopModeProcessEndsTheProgramAndLeavesItsChildren() throws Exception {
        Path dir = Fixtures.freshDir("stop/process-mode");
        Path child = dir.resolve("child");
        ServiceSpec spec = Fixtures.shell("sshd-like", "trap 'exit 0' TERM; sleep 300 & echo $! > '" + child
                        + "'; while :; do sleep 0.05; done")
                .stop(new StopSpec(Signal.TERM, Duration.ofSeconds(10), StopMode.PROCESS)).restart(NEVER).build();
        Supervisor supervisor = start(spec, new RecordingListener(), dir);
        awaitFile(child, 1);
        long childPid = Long.parseLong(Files.readString(child).trim());
        try {
            supervisor.stop();
            assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
            assertTrue(exists(childPid), "the child of the program survived its stop");
        } finally {
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aProgramThatIgnoresTheStopSignalIsKilledAfterTheTimeout() throws Exception {
        Path dir = Fixtures.freshDir("stop/escalate");
        ServiceSpec spec = Fixtures.shell("stubborn", "trap '' TERM; echo ready > '" + dir.resolve("ready")
                        + "'; while :; do sleep 0.05; done")
                .stop(new StopSpec(Signal.TERM, Duration.ofMillis(500))).restart(NEVER).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, listener, dir);
        awaitFile(dir.resolve("ready"), 1);
        long before = System.nanoTime();
        supervisor.stop();
        Outcome outcome = await(supervisor);
        long tookMillis = (System.nanoTime() - before) / 1_000_000;
        assertEquals(0, outcome.exitCode());
        assertEquals(1, listener.count(Kind.KILLING));
        assertTrue(tookMillis >= 500 && tookMillis < 5000, "stop took " + tookMillis + "ms");
        assertTrue(listener.of(Kind.EXITED).get(0).event().message().contains("SIGKILL"));
    }

    @Test
    void noDescendantSurvivesAStopNotEvenADoubleForkedOne() throws Exception {
        assumeTrue(Fixtures.isLinux(), "the subreaper that keeps hold of re-parented processes is Linux only");
        Path dir = Fixtures.freshDir("stop/tree");
        Path pids = dir.resolve("pids");
        Path orphan = dir.resolve("orphan");
        String script = "trap '' TERM;"
                + " sleep 300 & echo $! >> '" + pids + "';"
                + " sh -c 'trap \"\" TERM; sleep 300 & echo $! >> \"" + pids + "\"; wait' & echo $! >> '" + pids + "';"
                // double fork: the subshell exits at once, so its child is re-parented
                + " ( sh -c 'trap \"\" TERM HUP INT; sleep 300 & echo $! >> \"" + pids + "\"; wait' &"
                + "   echo $! > '" + orphan + "' );"
                + " wait";
        ServiceSpec spec = Fixtures.shell("tree", script)
                .stop(new StopSpec(Signal.TERM, Duration.ofMillis(300))).restart(NEVER).build();
        Supervisor supervisor = start(spec, new RecordingListener(), dir);
        awaitFile(pids, 4);
        awaitFile(orphan, 1);
        long orphanPid = Long.parseLong(Files.readString(orphan).trim());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ProcessHandle.of(orphanPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L)
                != ProcessHandle.current().pid()) {
            assertTrue(System.nanoTime() < deadline, "the double-forked process was not re-parented to us");
            Thread.sleep(20);
        }
        List<Long> all = new java.util.ArrayList<>(Files.readAllLines(pids).stream().map(Long::parseLong).toList());
        all.add(orphanPid);
        all.add(supervisor.state().pid().orElseThrow());
        all.forEach(pid -> assertTrue(exists(pid), "pid " + pid + " runs before the stop"));

        supervisor.stop();
        assertEquals(0, await(supervisor).exitCode());
        for (long pid : all) {
            assertFalse(exists(pid), "pid " + pid + " survived the stop (or is a zombie)");
        }
        assertEquals(0, ProcessHandle.current().children().filter(p -> !Fixtures.isWatchdog(p.pid())).count(),
                "no children, not even zombies, are left");
    }

    @Test
    void leftoversOfARunThatEndedByItselfAreKilledBeforeTheRestart() throws Exception {
        Path dir = Fixtures.freshDir("stop/leftover");
        Path pid = dir.resolve("pid");
        ServiceSpec spec = Fixtures.shell("leftover", "sleep 300 & echo $! > '" + pid + "'; exit 1")
                .restart(new RestartSpec(RestartPolicy.ON_FAILURE, Duration.ofSeconds(30), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, listener, dir);
        listener.await(Kind.RESTARTING, 1, WAIT);
        long leftover = Long.parseLong(Files.readString(pid).trim());
        assertFalse(exists(leftover), "the background sleep of the ended run is gone");
        assertEquals(ProgramState.BACKOFF, supervisor.state().state());
        supervisor.stop();
        assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
        assertEquals(1, listener.count(Kind.STARTED), "a stop during the backoff delay cancels the restart");
    }

    @Test
    void aProgramKilledWithSigkillIsRestartedAndItsEndIsInTheStateFile() throws Exception {
        Path dir = Fixtures.freshDir("stop/kill9");
        Path pids = dir.resolve("pids");
        ServiceSpec spec = Fixtures.shell("kill9", "echo $$ >> '" + pids + "'; exec sleep 300")
                .logs(new dev.svcctl.spec.LogsSpec(dev.svcctl.spec.LogTarget.FILE, dev.svcctl.spec.LogTarget.INHERIT,
                        Optional.empty(), Optional.empty()))
                .restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofMillis(50), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, listener, dir);
        awaitFile(pids, 1);
        long first = Long.parseLong(Files.readAllLines(pids).get(0).trim());
        new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
        awaitFile(pids, 2);
        listener.await(Kind.STARTED, 2, WAIT);
        SupervisorState state = new StateFile(Fixtures.settings(dir).stateFile().orElseThrow()).read().orElseThrow();
        assertEquals(ProgramState.RUNNING, state.state());
        assertEquals(1, state.restarts());
        assertEquals(137, state.lastExit().orElseThrow().code());
        assertEquals(Optional.of("KILL"), state.lastExit().orElseThrow().signal());
        assertEquals(Long.parseLong(Files.readAllLines(pids).get(1).trim()), state.pid().orElseThrow());
        assertEquals(ProcessHandle.current().pid(), state.supervisorPid());
        assertEquals(ReadyState.READY, state.readiness());
        assertEquals(Optional.of(dir.resolve("logs").toAbsolutePath().normalize()), state.logDir(),
                "stdout goes to a file in the default log directory");
        supervisor.stop();
        assertEquals(0, await(supervisor).exitCode());
        SupervisorState stopped = new StateFile(Fixtures.settings(dir).stateFile().orElseThrow()).read().orElseThrow();
        assertEquals(ProgramState.STOPPED, stopped.state());
        assertEquals(java.util.OptionalLong.empty(), stopped.pid());
        assertEquals(ReadyState.NONE, stopped.readiness());
    }

    @Test
    void reloadSendsTheReloadSignal() throws Exception {
        Path dir = Fixtures.freshDir("stop/reload");
        Path marker = dir.resolve("marker");
        ServiceSpec spec = Fixtures.shell("reload", "trap 'echo reloaded >> \"" + marker + "\"' USR1;"
                        + " echo ready > '" + dir.resolve("ready") + "'; while :; do sleep 0.05; done")
                .reloadSignal(Signal.USR1).restart(NEVER).build();
        Supervisor supervisor = start(spec, new RecordingListener(), dir);
        awaitFile(dir.resolve("ready"), 1);
        supervisor.reload();
        awaitFile(marker, 1);
        supervisor.reload();
        awaitFile(marker, 2);
        supervisor.stop();
        assertEquals(0, await(supervisor).exitCode());
    }

    @Test
    void anOrphanThatEndsWhileTheProgramRunsIsReapedNotLeftAZombie() throws Exception {
        assumeTrue(Fixtures.isLinux(), "orphans are re-parented to the supervisor only on Linux");
        Path dir = Fixtures.freshDir("stop/zombie");
        Path orphan = dir.resolve("orphan");
        ServiceSpec spec = Fixtures.shell("zombie", "( sh -c 'sleep 0.3' & echo $! > '" + orphan + "' );"
                + " exec sleep 300").restart(NEVER).build();
        Supervisor supervisor = start(spec, new RecordingListener(), dir);
        awaitFile(orphan, 1);
        long orphanPid = Long.parseLong(Files.readString(orphan).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (exists(orphanPid)) {
            assertTrue(System.nanoTime() < deadline, "the ended orphan " + orphanPid + " stays a zombie");
            Thread.sleep(50);
        }
        assertEquals(ProgramState.RUNNING, supervisor.state().state());
        supervisor.stop();
        assertEquals(0, await(supervisor).exitCode());
    }

    @Test
    void reloadExecRunsTheCommandWithTheProgramsPidAndReportsAFailure() throws Exception {
        Path dir = Fixtures.freshDir("stop/reload-exec");
        Path marks = dir.resolve("marks");
        Path seen = dir.resolve("mainpid");
        ServiceSpec spec = Fixtures.shell("reload-exec", "trap 'echo reload >> \"" + marks + "\"' USR1;"
                        + " echo $$ > '" + dir.resolve("ready") + "'; while :; do sleep 0.05; done")
                .reloadExec(List.of("/bin/sh", "-c", "echo \"$MAINPID\" >> '" + seen + "';"
                        + " test ! -e '" + dir.resolve("broken") + "' && kill -USR1 \"$MAINPID\""))
                .stop(new StopSpec(Signal.TERM, Duration.ofSeconds(10))).restart(NEVER).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, listener, dir);
        awaitFile(dir.resolve("ready"), 1);
        String program = Files.readString(dir.resolve("ready")).strip();

        supervisor.reload();
        awaitFile(marks, 1);
        listener.await(Kind.RELOADED, 1, WAIT);
        assertEquals(List.of(program), Files.readAllLines(seen), "$MAINPID is the program's pid");

        Files.writeString(dir.resolve("broken"), "");
        supervisor.reload();
        var failed = listener.await(Kind.RELOAD_FAILED, 1, WAIT);
        assertEquals("reload failed: /bin/sh exited with 1", failed.get(0).event().message());
        assertEquals(1, Files.readAllLines(marks).size(), "the failed command did not signal");
        assertEquals(program, Files.readString(dir.resolve("ready")).strip(), "the program was never restarted");
        supervisor.stop();
        assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
    }
}
