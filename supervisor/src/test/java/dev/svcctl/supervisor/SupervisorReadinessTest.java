package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Readiness and the watchdog under the supervisor, with real programs and a fake notify port (the test plays the
 * program's datagrams and reads what the supervisor told its init system).
 */
class SupervisorReadinessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RestartSpec restart(RestartPolicy policy, int burst) {
        return new RestartSpec(policy, Duration.ofMillis(50), Optional.empty(), burst, Duration.ofSeconds(60),
                List.of(0));
    }

    private static ReadinessSpec notify(Duration timeout) {
        return ReadinessSpec.notify(timeout);
    }

    private static SupervisorSettings settings(Path dir, NotifyPort notify, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return new SupervisorSettings(LogTarget.FILE, dir.resolve("logs"), Optional.of(dir.resolve("run/state.json")),
                env, Clock.systemUTC(), notify, Optional.of(dir.resolve("run/svc.notify")));
    }

    private static Supervisor start(ServiceSpec spec, SupervisorSettings settings, SupervisorListener listener)
            throws IOException {
        Supervisor supervisor = new Supervisor(spec, settings, Fixtures.port(), listener);
        supervisor.start();
        return supervisor;
    }

    private static Outcome await(Supervisor supervisor) throws InterruptedException {
        return supervisor.awaitExit(WAIT).orElseThrow(() -> new AssertionError("supervision did not end"));
    }

    private static String awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file) || Files.readString(file).isBlank() || !Files.readString(file).endsWith("\n")) {
            assertTrue(System.nanoTime() < deadline, file + " was not written");
            Thread.sleep(20);
        }
        return Files.readString(file);
    }

    private static boolean exists(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    @Test
    void notifyReadinessWaitsForReadyAndTellsTheInitSystemOncePerSupervisorLife() throws Exception {
        Path dir = Fixtures.freshDir("ready/notify");
        FakeNotifyPort notify = new FakeNotifyPort();
        ServiceSpec spec = Fixtures.shell("notify", "exec sleep 60").readiness(notify(Duration.ofSeconds(30)))
                .restart(restart(RestartPolicy.ALWAYS, 5)).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, settings(dir, notify, Map.of()), listener);
        assertEquals(dir.resolve("run/svc.notify"), notify.bound(), "the socket is bound where the host says");

        listener.await(Kind.STARTED, 1, WAIT);
        Thread.sleep(300);
        assertEquals("waiting", supervisor.state().readiness().label(), "not ready before READY=1");
        assertEquals(0, listener.count(Kind.READY));
        assertEquals(0, notify.countToInit("READY=1"));

        notify.send("STATUS=warming up\nREADY=1\n");
        listener.await(Kind.READY, 1, WAIT);
        assertEquals("ready", supervisor.state().readiness().label());
        assertEquals(Optional.of("warming up"), supervisor.state().statusText());
        notify.awaitToInit("READY=1", 1, WAIT);
        assertTrue(notify.toInitSystem().contains("STATUS=warming up"), notify.toInitSystem().toString());

        // A crash and a restart: the new run waits again, and the init system hears READY=1 no second time.
        long first = supervisor.state().pid().orElseThrow();
        Fixtures.port().signal(first, Signal.KILL);
        listener.await(Kind.STARTED, 2, WAIT);
        assertEquals("waiting", supervisor.state().readiness().label());
        notify.send("READY=1");
        listener.await(Kind.READY, 2, WAIT);
        supervisor.stop();
        assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
        assertEquals(1, notify.countToInit("READY=1"), notify.toInitSystem().toString());
        assertEquals(1, notify.countToInit("STOPPING=1"), notify.toInitSystem().toString());
        assertTrue(notify.closed(), "the notify socket is closed when supervision ends");
    }

    @Test
    void aProgramNotReadyWithinTheTimeoutIsStoppedRestartedAndCountedTowardBurst() throws Exception {
        Path dir = Fixtures.freshDir("ready/timeout");
        FakeNotifyPort notify = new FakeNotifyPort();
        ServiceSpec spec = Fixtures.shell("slow", "exec sleep 60").readiness(notify(Duration.ofSeconds(1)))
                .restart(restart(RestartPolicy.ALWAYS, 2)).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, settings(dir, notify, Map.of()), listener);
        Outcome outcome = await(supervisor);
        assertEquals(1, outcome.exitCode());
        assertEquals("gave up: more than 2 restarts within 1m (last run: not ready after 1s)", outcome.reason());
        assertEquals(3, listener.count(Kind.STARTED));
        assertEquals(3, listener.count(Kind.NOT_READY));
        assertTrue(listener.of(Kind.NOT_READY).get(0).event().message().startsWith("not ready after 1s (notify);"
                + " stopping it: sending SIGTERM"), listener.of(Kind.NOT_READY).get(0).event().message());
        assertEquals(2, supervisor.state().restarts());
        assertEquals(0, listener.count(Kind.READY));
        assertEquals(0, notify.countToInit("READY=1"), "a service never ready never tells its init system so");
    }

    @Test
    void aNotReadyRunUnderPolicyNeverEndsSupervisionAsFailed() throws Exception {
        Path dir = Fixtures.freshDir("ready/timeout-never");
        FakeNotifyPort notify = new FakeNotifyPort();
        ServiceSpec spec = Fixtures.shell("slow-never", "exec sleep 60").readiness(notify(Duration.ofMillis(500)))
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        Outcome outcome = await(start(spec, settings(dir, notify, Map.of()), new RecordingListener()));
        assertEquals(new Outcome(1, "not ready after 500ms and restart policy is never"), outcome);
    }

    @Test
    void aMissedWatchdogAbortsAndRestartsTheProgramUntilBurstIsExhausted() throws Exception {
        Path dir = Fixtures.freshDir("ready/watchdog");
        FakeNotifyPort notify = new FakeNotifyPort();
        ServiceSpec spec = Fixtures.shell("hung", "exec sleep 60").readiness(notify(Duration.ofSeconds(10)))
                .watchdog(Duration.ofSeconds(1)).stop(new StopSpec(Signal.TERM, Duration.ofSeconds(5)))
                .restart(restart(RestartPolicy.ON_FAILURE, 2)).build();
        RecordingListener recorder = new RecordingListener();
        SupervisorListener readyAtOnce = event -> {
            recorder.onEvent(event);
            if (event.kind() == Kind.STARTED) {
                notify.send("READY=1");
            }
        };
        Supervisor supervisor = start(spec, settings(dir, notify, Map.of()), readyAtOnce);
        recorder.await(Kind.READY, 1, WAIT);
        // Pinging at a fifth of the interval keeps a live program alive for several intervals.
        for (int i = 0; i < 15; i++) {
            notify.send("WATCHDOG=1");
            Thread.sleep(200);
        }
        assertEquals(0, recorder.count(Kind.WATCHDOG), "a program that pings is left alone");
        assertEquals(1, recorder.count(Kind.STARTED));

        Outcome outcome = await(supervisor);
        assertEquals(3, recorder.count(Kind.WATCHDOG));
        assertEquals("watchdog: no WATCHDOG=1 for 1s; sending SIGABRT to pid "
                        + recorder.of(Kind.WATCHDOG).get(0).event().pid().getAsLong()
                        + ", killing the process tree after 5s",
                recorder.of(Kind.WATCHDOG).get(0).event().message());
        assertTrue(recorder.of(Kind.EXITED).get(0).event().message().endsWith("ended with exit code 134"),
                "SIGABRT ended it: " + recorder.of(Kind.EXITED).get(0).event().message());
        assertEquals(new Outcome(1, "gave up: more than 2 restarts within 1m (last run: watchdog: no WATCHDOG=1"
                + " for 1s)"), outcome);
        assertEquals(3, recorder.count(Kind.STARTED));
    }

    @Test
    void watchdogTriggerAbortsAtOnceAndCountsAsAFailureEvenForASuccessExit() throws Exception {
        Path dir = Fixtures.freshDir("ready/trigger");
        FakeNotifyPort notify = new FakeNotifyPort();
        // The program catches SIGABRT and exits 0, a success code: the run still failed.
        // It says when its trap is set: a SIGABRT before that (a loaded host) would end it with 134 instead.
        Path trapped = dir.resolve("trapped");
        ServiceSpec spec = Fixtures.shell("trigger", "trap 'exit 0' ABRT; : > '" + trapped + "';"
                        + " while :; do sleep 0.05; done")
                .readiness(notify(Duration.ofSeconds(10))).watchdog(Duration.ofSeconds(30))
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, settings(dir, notify, Map.of()), listener);
        listener.await(Kind.STARTED, 1, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(trapped) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        notify.send("READY=1");
        listener.await(Kind.READY, 1, WAIT);
        notify.send("WATCHDOG=trigger");
        Outcome outcome = await(supervisor);
        assertEquals(new Outcome(1, "watchdog: the program sent WATCHDOG=trigger and restart policy is never"),
                outcome);
        assertTrue(listener.of(Kind.EXITED).get(0).event().message().endsWith("ended with exit code 0"));
    }

    @Test
    void tcpReadinessWaitsUntilThePortOpens() throws Exception {
        Path dir = Fixtures.freshDir("ready/tcp");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ServiceSpec spec = Fixtures.shell("tcp", "exec sleep 60")
                .readiness(new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:" + port, List.of(),
                        Duration.ofSeconds(20)))
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        RecordingListener listener = new RecordingListener();
        FakeNotifyPort notify = new FakeNotifyPort();
        Supervisor supervisor = start(spec, settings(dir, notify, Map.of()), listener);
        listener.await(Kind.STARTED, 1, WAIT);
        Thread.sleep(1000);
        assertEquals("waiting", supervisor.state().readiness().label(), "nothing listens yet");
        assertEquals(0, listener.count(Kind.READY));
        long opened;
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            opened = System.nanoTime();
            List<RecordingListener.Stamped> ready = listener.await(Kind.READY, 1, WAIT);
            assertTrue(ready.get(0).nanos() >= opened);
            assertEquals("ready: tcp probe succeeded (pid " + supervisor.state().pid().getAsLong() + ")",
                    ready.get(0).event().message());
        }
        assertEquals("ready", supervisor.state().readiness().label());
        assertEquals(1, notify.countToInit("READY=1"));
        assertNull(notify.bound(), "no notify socket without readiness.notify");
        supervisor.stop();
        assertEquals(0, await(supervisor).exitCode());
    }

    @Test
    void execReadinessIsReadyWhenTheCommandFirstExitsZero() throws Exception {
        Path dir = Fixtures.freshDir("ready/exec");
        Path flag = dir.resolve("flag");
        ServiceSpec spec = Fixtures.shell("exec-ready", "sleep 1; touch '" + flag + "'; exec sleep 60")
                .readiness(new ReadinessSpec(ReadinessSpec.Kind.EXEC, "", List.of("/bin/test", "-e",
                        flag.toString()), Duration.ofSeconds(20)))
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, settings(dir, new FakeNotifyPort(), Map.of()), listener);
        listener.await(Kind.STARTED, 1, WAIT);
        assertEquals("waiting", supervisor.state().readiness().label());
        listener.await(Kind.READY, 1, WAIT);
        assertTrue(Files.exists(flag), "ready only once the command succeeds");
        assertTrue(listener.of(Kind.READY).get(0).event().message().startsWith("ready: exec probe succeeded"));
        supervisor.stop();
        assertEquals(0, await(supervisor).exitCode());
    }

    @Test
    void aForkingDaemonNamedByItsPidFileBecomesTheProgramAndIsStoppedWithNoSurvivor() throws Exception {
        assumeTrue(Fixtures.isLinux(), "the subreaper that keeps hold of a forking daemon is Linux only");
        Path dir = Fixtures.freshDir("ready/pidfile");
        Path pidFile = dir.resolve("daemon.pid");
        ServiceSpec spec = Fixtures.shell("forking", "rm -f '" + pidFile + "'; sleep 1000 & echo $! > '" + pidFile
                        + "'")
                .readiness(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, pidFile.toString(), List.of(),
                        Duration.ofSeconds(20)))
                .restart(restart(RestartPolicy.ON_FAILURE, 5)).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, settings(dir, new FakeNotifyPort(), Map.of()), listener);
        listener.await(Kind.READY, 1, WAIT);
        long daemon = Long.parseLong(Files.readString(pidFile).strip());
        assertEquals(daemon, supervisor.state().pid().orElseThrow(), "the daemon is the program's main process");
        assertTrue(Files.readString(Path.of("/proc/" + daemon + "/cmdline")).startsWith("sleep"));
        assertEquals(ProcessHandle.current().pid(), ProcessHandle.of(daemon).orElseThrow().parent().orElseThrow()
                .pid(), "re-parented to the supervisor (the subreaper)");

        // Its end is the program's end, with its real exit status; the restart forks a new daemon.
        Fixtures.port().signal(daemon, Signal.KILL);
        listener.await(Kind.READY, 2, WAIT);
        assertTrue(listener.of(Kind.EXITED).get(0).event().message()
                        .equals("program (pid " + daemon + ") ended with exit code 137 (SIGKILL)"),
                listener.of(Kind.EXITED).get(0).event().message());
        long second = Long.parseLong(Files.readString(pidFile).strip());
        assertEquals(second, supervisor.state().pid().orElseThrow());

        supervisor.stop();
        assertEquals(new Outcome(0, "stopped on request"), await(supervisor));
        assertTrue(listener.of(Kind.STOPPING).get(0).event().message().contains("to pid " + second),
                "the stop signal goes to the daemon");
        assertFalse(exists(second), "the daemon survived the stop");
        assertEquals(0, ProcessHandle.current().children().filter(p -> !Fixtures.isWatchdog(p.pid())).count(),
                "no children, not even zombies, are left");
    }

    @Test
    void aPidFileThatNamesNoProcessOfTheProgramIsNeverReady() throws Exception {
        Path dir = Fixtures.freshDir("ready/pidfile-foreign");
        Path pidFile = dir.resolve("daemon.pid");
        // pid 1 is refused outright; the JVM running this test is alive but not the program's.
        ServiceSpec spec = Fixtures.shell("liar", "echo " + ProcessHandle.current().pid() + " > '" + pidFile + "'")
                .readiness(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, pidFile.toString(), List.of(),
                        Duration.ofSeconds(1)))
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        RecordingListener listener = new RecordingListener();
        Outcome outcome = await(start(spec, settings(dir, new FakeNotifyPort(), Map.of()), listener));
        assertEquals(new Outcome(1, "not ready after 1s and restart policy is never"), outcome);
        assertEquals("not ready after 1s: the pid file " + pidFile + " names pid " + ProcessHandle.current().pid()
                + ", which is not a live process of the program", listener.of(Kind.NOT_READY).get(0).event().message());
    }

    @Test
    void theProgramNeverSeesTheInitSystemsNotifySocketButGetsItsOwnWithNotify() throws Exception {
        Path dir = Fixtures.freshDir("ready/env");
        Map<String, String> systemd = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "123",
                "WATCHDOG_PID", "1");
        Path plainEnv = dir.resolve("plain.env");
        ServiceSpec plain = Fixtures.shell("plain", "env > '" + plainEnv + "'")
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        assertEquals(0, await(start(plain, settings(dir, new FakeNotifyPort(), systemd), new RecordingListener()))
                .exitCode());
        String env = Files.readString(plainEnv);
        assertFalse(env.contains("NOTIFY_SOCKET"), env);
        assertFalse(env.contains("WATCHDOG_"), env);

        Path notifyEnv = dir.resolve("notify.env");
        ServiceSpec notifying = Fixtures.shell("notifying", "env > '" + notifyEnv + "'")
                .readiness(notify(Duration.ofSeconds(10))).watchdog(Duration.ofSeconds(30))
                .restart(restart(RestartPolicy.NEVER, 5)).build();
        assertEquals(0, await(start(notifying, settings(dir, new FakeNotifyPort(), systemd),
                new RecordingListener())).exitCode());
        List<String> lines = Files.readAllLines(notifyEnv);
        assertTrue(lines.contains("NOTIFY_SOCKET=" + dir.resolve("run/svc.notify")), lines.toString());
        assertTrue(lines.contains("WATCHDOG_USEC=30000000"), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("WATCHDOG_PID=")), lines.toString());
    }

    @Test
    void theSupervisorPingsItsInitSystemsWatchdogAtHalfItsInterval() throws Exception {
        Path dir = Fixtures.freshDir("ready/init-watchdog");
        FakeNotifyPort notify = new FakeNotifyPort();
        ServiceSpec spec = Fixtures.shell("pinged", "exec sleep 60").restart(restart(RestartPolicy.NEVER, 5)).build();
        Supervisor supervisor = start(spec, settings(dir, notify,
                Map.of("WATCHDOG_USEC", "400000", "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid()))),
                new RecordingListener());
        notify.awaitToInit("WATCHDOG=1", 4, WAIT);
        supervisor.stop();
        await(supervisor);

        FakeNotifyPort other = new FakeNotifyPort();
        Supervisor notOurs = start(spec, settings(Fixtures.freshDir("ready/init-watchdog-other"), other,
                Map.of("WATCHDOG_USEC", "400000", "WATCHDOG_PID", "1")), new RecordingListener());
        Thread.sleep(1000);
        notOurs.stop();
        await(notOurs);
        assertEquals(0, other.countToInit("WATCHDOG=1"), "$WATCHDOG_PID names another process: no pings");
    }

    @Test
    void mainPidMovesOnlyToADescendantOfTheProgram() throws Exception {
        Path dir = Fixtures.freshDir("ready/mainpid");
        Path child = dir.resolve("child");
        FakeNotifyPort notify = new FakeNotifyPort();
        ServiceSpec spec = Fixtures.shell("mainpid", "sleep 300 & echo $! > '" + child + "'; wait")
                .readiness(notify(Duration.ofSeconds(10))).restart(restart(RestartPolicy.NEVER, 5)).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = start(spec, settings(dir, notify, Map.of()), listener);
        long childPid = Long.parseLong(awaitFile(child).strip());
        long shell = supervisor.state().pid().orElseThrow();

        notify.send("MAINPID=1");
        listener.await(Kind.WARNING, 1, WAIT);
        assertEquals("MAINPID=1 ignored: not a live process of the program (a descendant of pid " + shell + ")",
                listener.of(Kind.WARNING).get(0).event().message());
        notify.send("MAINPID=" + childPid + "\nREADY=1");
        listener.await(Kind.READY, 1, WAIT);
        assertEquals(childPid, supervisor.state().pid().orElseThrow());

        // The first process's end no longer ends the run; the new main process's does.
        Fixtures.port().signal(childPid, Signal.KILL);
        Outcome outcome = await(supervisor);
        // A grandchild is not the supervisor's to collect (its parent, the shell, reaps it): status unknown.
        assertTrue(listener.of(Kind.EXITED).get(0).event().message().startsWith("program (pid " + childPid
                + ") ended with " + ExitStatus.UNKNOWN), listener.of(Kind.EXITED).get(0).event().message());
        assertEquals(1, outcome.exitCode());
    }

    @Test
    void aHostWithoutNotifySupportRefusesANotifySpecBeforeStartingAnything() throws Exception {
        Path dir = Fixtures.freshDir("ready/unsupported");
        ServiceSpec spec = Fixtures.shell("unsupported", "exit 0").readiness(notify(Duration.ofSeconds(5))).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = new Supervisor(spec, settings(dir, NotifyPort.UNSUPPORTED, Map.of()),
                Fixtures.port(), listener);
        Supervisor.NotifySocketException e = assertThrows(Supervisor.NotifySocketException.class, supervisor::start);
        assertTrue(e.getMessage().startsWith("cannot open the notify socket " + dir.resolve("run/svc.notify")),
                e.getMessage());
        assertEquals(0, listener.count(Kind.STARTED));
    }

    @Test
    void startingWithHangupIgnoredWarnsThatReloadCannotReachTheSupervisor() throws Exception {
        Path dir = Fixtures.freshDir("ready/nohup");
        ServiceSpec spec = Fixtures.shell("nohup", "exit 0").restart(restart(RestartPolicy.NEVER, 5)).build();
        RecordingListener listener = new RecordingListener();
        await(start(spec, settings(dir, new FakeNotifyPort(true), Map.of()), listener));
        assertTrue(listener.of(Kind.WARNING).stream().anyMatch(w -> w.event().message().startsWith(
                "SIGHUP is ignored (started under nohup?): 'svcctl reload' cannot reach this supervisor")),
                listener.all().toString());

        RecordingListener quiet = new RecordingListener();
        await(start(spec, settings(Fixtures.freshDir("ready/no-nohup"), new FakeNotifyPort(false), Map.of()), quiet));
        assertTrue(quiet.of(Kind.WARNING).stream().noneMatch(w -> w.event().message().contains("SIGHUP")),
                quiet.all().toString());
    }
}
