package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.HooksSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.StateFile;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** restart.onExit, hooks and cpuAffinity under the supervisor, with real child processes. */
class SupervisorHooksTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RestartSpec restart(RestartPolicy policy, int burst, Map<Integer, ExitAction> onExit) {
        return new RestartSpec(policy, Duration.ofMillis(50), Optional.empty(), burst, Duration.ofSeconds(60),
                List.of(0), onExit);
    }

    private static Outcome run(ServiceSpec spec, RecordingListener listener, Path dir, ProcessPort port)
            throws Exception {
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), port, listener);
        supervisor.start();
        return supervisor.awaitExit(WAIT).orElseThrow(() -> new AssertionError("supervision did not end"));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void anExitCodeMarkedStopEndsSupervisionWhateverThePolicy() throws Exception {
        Path dir = Fixtures.freshDir("hooks/onexit-stop");
        ServiceSpec spec = Fixtures.shell("onexit-stop", "exit 3")
                .restart(restart(RestartPolicy.ALWAYS, 5, Map.of(3, ExitAction.STOP))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir, Fixtures.port());
        assertEquals(1, listener.count(Kind.STARTED));
        assertEquals(1, outcome.exitCode(), "3 is no success code");
        assertTrue(outcome.reason().contains("exit code 3, which restart.onExit does not restart"), outcome.reason());
    }

    @Test
    void anExitCodeMarkedRestartIsRestartedUnderPolicyNeverAndCountsTowardBurst() throws Exception {
        Path dir = Fixtures.freshDir("hooks/onexit-restart");
        ServiceSpec spec = Fixtures.shell("onexit-restart", "exit 75")
                .restart(restart(RestartPolicy.NEVER, 2, Map.of(75, ExitAction.RESTART))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir, Fixtures.port());
        assertEquals(3, listener.count(Kind.STARTED), "the first start and the two restarts burst allows");
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.reason().startsWith("gave up: more than 2 restarts"), outcome.reason());
    }

    @Test
    void preStartRunsBeforeEveryStartAndPostStopAfterEveryEndWithTheProgramsArgvEnvAndCwd() throws Exception {
        Path dir = Fixtures.freshDir("hooks/order");
        Path cwd = Files.createDirectories(dir.resolve("work dir"));
        Path log = dir.resolve("order");
        String record = "printf '%s|%s|%s|%s\\n' \"$1\" \"$2\" \"$HOOK_VAR\" \"$(pwd)\" >> '" + log + "'";
        ServiceSpec spec = Fixtures.shell("order", "echo program >> '" + log + "'; exit 1")
                .workingDirectory(cwd.toString())
                .env(Map.of("HOOK_VAR", "a $b"))
                .hooks(new HooksSpec(List.of("/bin/sh", "-c", record, "pre", "two words", "$HOME"),
                        List.of("/bin/sh", "-c", record, "post", "x;y"), Duration.ofSeconds(10)))
                .restart(restart(RestartPolicy.ALWAYS, 1, Map.of())).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir, Fixtures.port());

        assertEquals(1, outcome.exitCode(), outcome.reason());
        String pre = "two words|$HOME|a $b|" + cwd.toRealPath();
        String post = "x;y||a $b|" + cwd.toRealPath();
        assertEquals(List.of(pre, "program", post, pre, "program", post), lines(log));
    }

    @Test
    void aFailingPreStartIsAFailedStartThatNeverRunsTheProgramAndIsRecordedInTheStateFile() throws Exception {
        Path dir = Fixtures.freshDir("hooks/pre-fails");
        Path ran = dir.resolve("ran");
        Path post = dir.resolve("post");
        ServiceSpec spec = Fixtures.shell("pre-fails", "touch '" + ran + "'")
                .hooks(new HooksSpec(List.of("/bin/sh", "-c", "exit 2"), List.of("/bin/sh", "-c", "touch '" + post + "'"),
                        Duration.ofSeconds(10)))
                .restart(restart(RestartPolicy.ON_FAILURE, 2, Map.of())).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir, Fixtures.port());

        assertFalse(Files.exists(ran), "the program ran after a failed preStart");
        assertTrue(Files.exists(post), "postStop runs after a failed start too, as systemd's ExecStopPost= does");
        assertEquals(3, listener.count(Kind.START_FAILED), "counted like crashes: the first start and two restarts");
        assertEquals(0, listener.count(Kind.STARTED));
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.reason().contains("hooks.preStart failed with exit code 2"), outcome.reason());
        var state = new StateFile(dir.resolve("run/state.json")).read().orElseThrow();
        assertEquals(ProgramState.FAILED, state.state());
        assertTrue(state.reason().orElse("").contains("hooks.preStart failed with exit code 2"), state.toString());
    }

    @Test
    void aHookPastItsTimeoutIsKilledWithItsWholeTreeAndFailsTheStart() throws Exception {
        Path dir = Fixtures.freshDir("hooks/timeout");
        Path pids = dir.resolve("pids");
        Path ran = dir.resolve("ran");
        // The hook leaves a grandchild that would outlive a kill of the hook alone.
        String hook = "sleep 1000 & echo $! > '" + pids + "'; echo $$ >> '" + pids + "'; sleep 1000";
        ServiceSpec spec = Fixtures.shell("timeout", "touch '" + ran + "'")
                .hooks(new HooksSpec(List.of("/bin/sh", "-c", hook), List.of(), Duration.ofMillis(500)))
                .restart(restart(RestartPolicy.NEVER, 5, Map.of())).build();
        RecordingListener listener = new RecordingListener();
        long started = System.nanoTime();
        Outcome outcome = run(spec, listener, dir, Fixtures.port());

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.reason().contains("hooks.preStart was killed: it did not finish within 500ms"),
                outcome.reason());
        assertEquals(1, listener.count(Kind.KILLING));
        assertFalse(Files.exists(ran));
        for (String pid : lines(pids)) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " of the hook survived");
        }
    }

    @Test
    void aStopDuringPreStartKillsItNeverStartsTheProgramAndStillRunsPostStop() throws Exception {
        Path dir = Fixtures.freshDir("hooks/stop-in-pre");
        Path ran = dir.resolve("ran");
        Path post = dir.resolve("post");
        ServiceSpec spec = Fixtures.shell("stop-in-pre", "touch '" + ran + "'")
                .hooks(new HooksSpec(List.of("/bin/sleep", "1000"), List.of("/bin/sh", "-c", "touch '" + post + "'"),
                        Duration.ofSeconds(60)))
                .restart(restart(RestartPolicy.ALWAYS, 5, Map.of())).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        supervisor.start();
        listener.await(Kind.HOOK, 1, WAIT);
        assertEquals(ProgramState.STARTING, supervisor.state().state());
        supervisor.stop();
        Outcome outcome = supervisor.awaitExit(WAIT).orElseThrow(() -> new AssertionError("did not stop"));

        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertEquals("stopped on request", outcome.reason());
        assertFalse(Files.exists(ran), "the program started although a stop came during preStart");
        assertTrue(Files.exists(post));
        assertEquals(0, listener.count(Kind.STARTED));
    }

    @Test
    void theProgramAndItsHooksAreStartedOnTheCpusOfCpuAffinity() throws Exception {
        Path dir = Fixtures.freshDir("hooks/affinity");
        List<List<Integer>> asked = Collections.synchronizedList(new ArrayList<>());
        ProcessPort recording = new ForwardingPort(Fixtures.port()) {
            @Override
            public Process startOn(List<Integer> cpus, Start start) throws IOException {
                asked.add(cpus);
                return super.startOn(cpus, start);
            }
        };
        ServiceSpec spec = Fixtures.shell("affinity", "exit 0").cpuAffinity(List.of(0))
                .hooks(new HooksSpec(List.of("/bin/true"), List.of("/bin/true"), Duration.ofSeconds(10)))
                .restart(restart(RestartPolicy.NEVER, 5, Map.of())).build();
        Outcome outcome = run(spec, new RecordingListener(), dir, recording);
        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertEquals(List.of(List.of(0), List.of(0), List.of(0)), asked, "preStart, the program, postStop");
    }

    @Test
    void aPortThatCannotPinRefusesTheStartWithTheReason() throws Exception {
        Path dir = Fixtures.freshDir("hooks/no-affinity");
        ProcessPort real = Fixtures.port();
        // Only the methods a port must have: startOn is the interface's default, as on an OS without affinity.
        ProcessPort noAffinity = new ProcessPort() {
            @Override
            public boolean keepOrphans() {
                return real.keepOrphans();
            }

            @Override
            public Process start(ProcessBuilder builder) throws IOException {
                return real.start(builder);
            }

            @Override
            public void signal(long pid, dev.svcctl.spec.Signal signal) throws IOException {
                real.signal(pid, signal);
            }

            @Override
            public int killDescendants() {
                return real.killDescendants();
            }

            @Override
            public Runnable onSignals(Runnable onStop, Runnable onReload) {
                return real.onSignals(onStop, onReload);
            }
        };
        ServiceSpec spec = Fixtures.shell("no-affinity", "exit 0").cpuAffinity(List.of(0))
                .restart(restart(RestartPolicy.NEVER, 5, Map.of())).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir, noAffinity);
        assertEquals(1, listener.count(Kind.START_FAILED));
        assertTrue(listener.of(Kind.START_FAILED).get(0).event().message().contains("cannot limit a program to CPUs"),
                listener.all().toString());
        assertEquals(1, outcome.exitCode());
    }
}
