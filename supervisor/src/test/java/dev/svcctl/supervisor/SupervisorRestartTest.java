package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Restart policies with real child processes. */
class SupervisorRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RestartSpec restart(RestartPolicy policy, Duration delay, Duration maxDelay, int burst,
                                       List<Integer> success) {
        return new RestartSpec(policy, delay, Optional.ofNullable(maxDelay), burst, Duration.ofSeconds(60), success);
    }

    private static Outcome run(ServiceSpec spec, RecordingListener listener, Path dir) throws Exception {
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        supervisor.start();
        return supervisor.awaitExit(WAIT).orElseThrow(() -> new AssertionError("supervision did not end"));
    }

    @Test
    void startsTheProgramWithExactlyTheSpecsArgvEnvironmentEnvFileAndDirectory() throws Exception {
        Path dir = Fixtures.freshDir("restart/exact");
        Path cwd = Files.createDirectories(dir.resolve("work dir"));
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "FROM_FILE=file value\nSHARED=from file\n");
        String script = "printf '%s\\0' \"$0\" \"$@\" > argv; printf '%s' \"$SPEC_VAR|$FROM_FILE|$SHARED|$PATH\" > env;"
                + " pwd > cwd";
        ServiceSpec spec = Fixtures.shell("exact", script)
                .args("-c", script, "zero", "two words", "", "$HOME", "*", "quote\"d", "new\nline")
                .workingDirectory(cwd.toString())
                .env(Map.of("SPEC_VAR", "a b $c", "SHARED", "from spec"))
                .envFiles(envFile.toString())
                .restart(restart(RestartPolicy.NEVER, Duration.ofMillis(100), null, 5, List.of(0)))
                .build();
        Outcome outcome = run(spec, new RecordingListener(), dir);
        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertEquals("zero\0two words\0\0$HOME\0*\0quote\"d\0new\nline\0", Files.readString(cwd.resolve("argv")));
        assertEquals("a b $c|file value|from file|" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                Files.readString(cwd.resolve("env")));
        assertEquals(cwd.toRealPath() + "\n", Files.readString(cwd.resolve("cwd")));
    }

    @Test
    void alwaysRestartsAProgramThatEndsCleanly() throws Exception {
        Path dir = Fixtures.freshDir("restart/always");
        ServiceSpec spec = Fixtures.shell("always", "exit 0")
                .restart(restart(RestartPolicy.ALWAYS, Duration.ofMillis(50), null, 3, List.of(0))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir);
        assertEquals(4, listener.count(Kind.STARTED), "the first start and three restarts");
        assertEquals(1, outcome.exitCode());
    }

    @Test
    void onFailureRestartsFailuresButNotSuccessExitCodes() throws Exception {
        Path dir = Fixtures.freshDir("restart/on-failure");
        Path counter = dir.resolve("runs");
        // fails twice, then ends with 3, which the spec counts as success
        String script = "echo run >> '" + counter + "'; n=$(wc -l < '" + counter + "'); [ $n -ge 3 ] && exit 3; exit 1";
        ServiceSpec spec = Fixtures.shell("on-failure", script)
                .restart(restart(RestartPolicy.ON_FAILURE, Duration.ofMillis(50), null, 5, List.of(0, 3))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir);
        assertEquals(3, listener.count(Kind.STARTED));
        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertTrue(outcome.reason().contains("exit code 3"), outcome.reason());
    }

    @Test
    void neverLeavesAFailedProgramDownAndFails() throws Exception {
        Path dir = Fixtures.freshDir("restart/never");
        ServiceSpec spec = Fixtures.shell("never", "exit 7")
                .restart(restart(RestartPolicy.NEVER, Duration.ofMillis(50), null, 5, List.of(0))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir);
        assertEquals(1, listener.count(Kind.STARTED));
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.reason().contains("exit code 7"), outcome.reason());
    }

    @Test
    void givesUpAfterBurstRestartsWithinTheWindowWithAOneLineReason() throws Exception {
        Path dir = Fixtures.freshDir("restart/burst");
        ServiceSpec spec = Fixtures.shell("burst", "exit 2")
                .restart(restart(RestartPolicy.ALWAYS, Duration.ofMillis(20), null, 4, List.of(0))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir);
        assertEquals(5, listener.count(Kind.STARTED));
        assertEquals(1, outcome.exitCode());
        assertEquals("gave up: more than 4 restarts within 1m (last run: exit code 2)", outcome.reason());
        String state = Files.readString(dir.resolve("run/state.json"));
        assertTrue(state.contains("\"state\": \"failed\""), state);
        assertTrue(state.contains("\"restarts\": 4"), state);
    }

    @Test
    void backoffDoublesTheDelayUpToMaxDelay() throws Exception {
        Path dir = Fixtures.freshDir("restart/backoff");
        ServiceSpec spec = Fixtures.shell("backoff", "exit 1")
                .restart(restart(RestartPolicy.ALWAYS, Duration.ofMillis(200), Duration.ofMillis(800), 5, List.of(0)))
                .build();
        RecordingListener listener = new RecordingListener();
        run(spec, listener, dir);
        List<RecordingListener.Stamped> exits = listener.of(Kind.EXITED);
        List<RecordingListener.Stamped> starts = listener.of(Kind.STARTED);
        long[] expected = {200, 400, 800, 800, 800};
        for (int i = 0; i < expected.length; i++) {
            long pauseMillis = (starts.get(i + 1).nanos() - exits.get(i).nanos()) / 1_000_000;
            assertTrue(pauseMillis >= expected[i] - 5 && pauseMillis <= expected[i] + 250,
                    "pause before restart " + (i + 1) + ": " + pauseMillis + "ms, expected " + expected[i] + "ms");
        }
    }

    @Test
    void aProgramThatCannotBeStartedCountsAsAFailedRunWithExitCode127() throws Exception {
        Path dir = Fixtures.freshDir("restart/missing");
        ServiceSpec spec = ServiceSpec.builder("missing", dir.resolve("no-such-program").toString())
                .logs(Fixtures.INHERIT)
                .restart(restart(RestartPolicy.ON_FAILURE, Duration.ofMillis(20), null, 2, List.of(0))).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = run(spec, listener, dir);
        assertEquals(3, listener.count(Kind.START_FAILED));
        assertEquals(0, listener.count(Kind.STARTED));
        assertEquals("gave up: more than 2 restarts within 1m (last run: exit code 127)", outcome.reason());
    }
}
