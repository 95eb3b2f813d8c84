package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * install, start and restart of units with readiness against the fake systemd: systemctl blocks until the unit is
 * ready or systemd fails the job, svcctl bounds that wait by the start timeout, and a failure names readiness.
 */
class ReadinessStartTest {
    private static final InstallOptions NO_START = new InstallOptions(false, true, false, false, false,
            Optional.empty());
    private Fixture host;

    @BeforeEach
    void setUp() throws Exception {
        host = new Fixture();
        host.executable("/usr/bin/app");
    }

    private static ServiceSpec.Builder spec(String name, ReadinessSpec readiness) {
        return ServiceSpec.builder(name, "/usr/bin/app").readiness(readiness);
    }

    private static ReadinessSpec probe(ReadinessSpec.Kind kind, String target, Duration timeout) {
        return new ReadinessSpec(kind, target, List.of(), timeout);
    }

    /** The timeout svcctl gave its last systemctl call with this verb. */
    private Duration timeoutOf(String verb) {
        Duration found = null;
        for (int i = 0; i < host.systemd.commands.size(); i++) {
            List<String> argv = host.systemd.commands.get(i);
            if (argv.get(0).equals("systemctl") && argv.contains(verb)) {
                found = host.systemd.timeouts.get(i);
            }
        }
        return found;
    }

    @Test
    void installOfANotifyUnitThatNeverSaysReadyExits1NamingReadinessWithItsLastLines() throws Exception {
        host.systemd.notReady.put("redis.service", "timeout");
        ServiceSpec redis = spec("redis", ReadinessSpec.notify(Duration.ofMinutes(2))).build();

        BackendException e = assertThrows(BackendException.class,
                () -> host.backend().install(List.of(redis), InstallOptions.DEFAULT));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("the units are installed, but redis: not ready after 2m"
                + " (readiness.notify: no READY=1 received); its last journal lines:\n  Nov 21 crash: boom"),
                e.getMessage());
        assertEquals(Optional.of("'svcctl logs redis' shows more of its output"), e.hint());
        // a first install starts with 'enable --now', which waits for the same start job
        assertEquals(Duration.ofMinutes(2).plus(StartFailures.MARGIN), timeoutOf("enable"));
    }

    @Test
    void installOfASupervisedHttpProbeThatFailsNamesTheProbeFromTheSpec() throws Exception {
        host.systemd.notReady.put("dash.service", "timeout");
        ServiceSpec dash = spec("dash", probe(ReadinessSpec.Kind.HTTP, "http://127.0.0.1:8082/",
                Duration.ofSeconds(40))).supervisor(SupervisorMode.SVCCTL).build();

        BackendException e = assertThrows(BackendException.class,
                () -> host.backend().install(List.of(dash), InstallOptions.DEFAULT));

        assertTrue(e.getMessage().startsWith("the units are installed, but dash: not ready after 40s"
                + " (readiness.http: http://127.0.0.1:8082/ gave no 2xx answer)"), e.getMessage());
        assertTrue(Files.readString(host.unitFile("dash")).contains("\nType=notify\nNotifyAccess=main\n"),
                "svcctl run says READY=1 for the probe");
    }

    @Test
    void aHostServedProbeIsTheUnitsExecStartPostAndItsFailureNamesTheProbe() throws Exception {
        host.systemd.notReady.put("dash.service", "exit-code");
        ServiceSpec dash = spec("dash", probe(ReadinessSpec.Kind.HTTP, "http://127.0.0.1:8082/",
                Duration.ofSeconds(40))).build();

        BackendException e = assertThrows(BackendException.class,
                () -> host.backend().install(List.of(dash), InstallOptions.DEFAULT));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("the units are installed, but dash: not ready (readiness.http:"
                + " http://127.0.0.1:8082/ gave no 2xx answer; svcctl wait-ready gave up); its last journal lines:"),
                e.getMessage());
        String unit = Files.readString(host.unitFile("dash"));
        assertTrue(unit.contains("\nType=exec\nExecStart=\"/usr/bin/app\"\nExecStartPost=+\"" + host.launcher
                + "\" \"wait-ready\" \"dash\"\n"), unit);
        assertTrue(unit.contains("\nTimeoutStartSec=45s\n"), unit);

        host.systemd.notReady.put("dash.service", "timeout");
        e = assertThrows(BackendException.class, () -> host.backend().restart(List.of("dash"), false));
        assertTrue(e.getMessage().startsWith("dash: not ready after 40s (readiness.http: http://127.0.0.1:8082/"
                + " gave no 2xx answer)"), e.getMessage());
    }

    @Test
    void aUnitWhoseReadinessSystemdWaitedForIsLookedAtOnceAfterItsStartAndNotWatched() throws Exception {
        host.backend().install(List.of(spec("ready", ReadinessSpec.notify(Duration.ofSeconds(30))).build()),
                InstallOptions.DEFAULT);

        assertEquals(List.of("show", "enable", "show"), host.systemd.verbs());
        host.systemd.commands.clear();
        host.backend().restart(List.of("ready"), false);
        assertEquals(List.of("show", "restart", "show"), host.systemd.verbs(), "systemctl restart waited for it");
    }

    @Test
    void aUnitWithoutReadinessIsWatchedAfterItsStartForTheWatchTimeNotMore() throws Exception {
        long start = System.nanoTime();
        host.backend().install(List.of(ServiceSpec.builder("plain", "/usr/bin/app").build()), InstallOptions.DEFAULT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<String> verbs = host.systemd.verbs();
        assertEquals(List.of("show", "enable"), verbs.subList(0, 2));
        assertTrue(verbs.size() > 3 && verbs.subList(2, verbs.size()).stream().allMatch("show"::equals),
                "polled more than once, with shows only: " + verbs);
        assertTrue(took.compareTo(Settling.WATCH) >= 0, took::toString);
        assertTrue(Files.readString(host.unitFile("plain")).contains("\nType=exec\n"),
                "systemctl start returns once the program was executed");
    }

    @Test
    void aShortReadinessTimeoutKeepsSystemctlsUsualBound() throws Exception {
        host.backend().install(List.of(spec("a", ReadinessSpec.notify(Duration.ofSeconds(5))).build()),
                InstallOptions.DEFAULT);

        assertEquals(Systemctl.DEFAULT_TIMEOUT, timeoutOf("enable"));
    }

    @Test
    void startOfANativeNotifyUnitThatExitsBeforeReadySaysSoWithItsExitCode() throws Exception {
        host.backend().install(List.of(spec("app", ReadinessSpec.notify(Duration.ofSeconds(90))).build()), NO_START);
        host.systemd.notReady.put("app.service", "exit-code");

        BackendException e = assertThrows(BackendException.class, () -> host.backend().start(List.of("app"), false));

        assertTrue(e.getMessage().startsWith("app: exited with code 3 before it was ready; its last journal lines:"),
                e.getMessage());
        assertEquals(Duration.ofSeconds(95), timeoutOf("start"), "the unit's TimeoutStartSec plus the margin");
    }

    @Test
    void aForkingUnitThatTimesOutIsNamedByItsPidFileReadiness() throws Exception {
        ReadinessSpec pidFile = probe(ReadinessSpec.Kind.PID_FILE, "/run/app.pid", Duration.ofSeconds(30));
        host.backend().install(List.of(spec("app", pidFile).build()), NO_START);
        host.systemd.notReady.put("app.service", "timeout");

        BackendException e = assertThrows(BackendException.class, () -> host.backend().start(List.of("app"), false));

        // start knows the unit, not the spec: Type=forking says pidFile, TimeoutStartSec the timeout.
        assertTrue(e.getMessage().startsWith("app: not ready after 30s (readiness.pidFile: "), e.getMessage());
    }

    @Test
    void aSupervisedProbeThatNeverSucceedsIsNamedFromTheSpecCopy() throws Exception {
        ReadinessSpec tcp = probe(ReadinessSpec.Kind.TCP, "127.0.0.1:8081", Duration.ofSeconds(20));
        host.backend().install(List.of(spec("api", tcp).build()), NO_START);
        host.systemd.notReady.put("api.service", "timeout");

        BackendException e = assertThrows(BackendException.class, () -> host.backend().start(List.of("api"), false));

        assertTrue(e.getMessage().startsWith("api: not ready after 20s (readiness.tcp: 127.0.0.1:8081 accepted no"
                + " connection)"), e.getMessage());
    }

    @Test
    void aSupervisedUnitWithoutReadinessIsReadyWhenSvcctlRunSaysSo() throws Exception {
        host.backend().install(List.of(ServiceSpec.builder("sup", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL)
                .build()), NO_START);
        host.systemd.notReady.put("sup.service", "timeout");

        BackendException e = assertThrows(BackendException.class, () -> host.backend().start(List.of("sup"), false));

        assertTrue(e.getMessage().startsWith("sup: not ready after 1m30s (svcctl run sent no READY=1 for its"
                + " program)"), e.getMessage());
    }

    /** svcctl run of the unit, as its state file shows it once systemd started it. */
    private void supervisorWrites(String name, int restarts, ProgramState state) {
        host.systemd.onStarted.put(name + ".service", pid -> {
            Path file = host.files.resolve(SvcctlPaths.current().stateFiles(name, Scope.SYSTEM).get(0).toString());
            try {
                new StateFile(file).write(new SupervisorState(name, pid, OptionalLong.of(pid + 1), state,
                        Instant.now(), restarts, Optional.of(new SupervisorState.Exit(3, Optional.empty(),
                        Instant.now())), Health.NONE, ReadyState.READY, Optional.empty(), Optional.empty(),
                        Optional.empty()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aSupervisedProgramThatKeepsCrashingFailsInstallAndStartThoughSystemdCallsTheUnitActive() throws Exception {
        ServiceSpec crashing = ServiceSpec.builder("crashy", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL).build();
        supervisorWrites("crashy", 2, ProgramState.BACKOFF);

        BackendException install = assertThrows(BackendException.class,
                () -> host.backend().install(List.of(crashing), InstallOptions.DEFAULT));
        BackendException start = assertThrows(BackendException.class,
                () -> host.backend().restart(List.of("crashy"), false));

        assertEquals(ExitCode.FAILED, install.exitCode());
        assertTrue(install.getMessage().startsWith("the units are installed, but crashy: its program keeps failing"
                + " under svcctl run: it exited with code 3 (restarted 2 times since the start)"), install.getMessage());
        assertTrue(start.getMessage().startsWith("crashy: its program keeps failing under svcctl run: it exited"
                + " with code 3 (restarted 2 times since the start)"), start.getMessage());
    }

    @Test
    void aSupervisedProgramThatRunsOnItsFirstTryStartsAsBefore() throws Exception {
        supervisorWrites("steady", 0, ProgramState.RUNNING);

        host.backend().install(List.of(ServiceSpec.builder("steady", "/usr/bin/app")
                .supervisor(SupervisorMode.SVCCTL).build()), InstallOptions.DEFAULT);

        assertEquals(ServiceState.RUNNING, host.backend().status(List.of("steady"), false).get(0).state());
    }

    @Test
    void restartWaitsForTheStopAndTheStartAndFailuresOfSeveralUnitsAreEachNamed() throws Exception {
        ServiceSpec a = spec("a", ReadinessSpec.notify(Duration.ofMinutes(3)))
                .stop(new StopSpec(StopSpec.DEFAULT.signal(), Duration.ofMinutes(1))).build();
        ServiceSpec b = spec("b", ReadinessSpec.notify(Duration.ofSeconds(10))).build();
        host.backend().install(List.of(a, b), InstallOptions.DEFAULT);
        host.systemd.notReady.put("a.service", "timeout");
        host.systemd.notReady.put("b.service", "protocol");

        BackendException e = assertThrows(BackendException.class,
                () -> host.backend().restart(List.of("a", "b"), false));

        assertEquals(Duration.ofMinutes(4).plus(StartFailures.MARGIN), timeoutOf("restart"));
        assertTrue(e.getMessage().startsWith("a: not ready after 3m (readiness.notify: no READY=1 received)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\nb: exited before it was ready (readiness.notify: no READY=1"
                + " received)"), e.getMessage());
    }

    @Test
    void aReadyUnitStartsAsBefore() throws Exception {
        host.backend().install(List.of(spec("app", ReadinessSpec.notify(Duration.ofSeconds(90))).build()), NO_START);

        host.backend().start(List.of("app"), false);

        assertEquals(ServiceState.RUNNING, host.backend().status(List.of("app"), false).get(0).state());
    }

    @Test
    void systemctlsJobFailureLinesGiveEachUnitsResult() {
        String stderr = """
                Job for a.service failed because a timeout was exceeded.
                See "systemctl status a.service" and "journalctl -xeu a.service" for details.
                Job for b@1.service failed because the control process exited with error code.
                See "systemctl status b@1.service" and "journalctl -xeu b@1.service" for details.
                Job for c.service failed.
                See "systemctl status c.service" and "journalctl -xeu c.service" for details.
                """;
        assertEquals(Map.of("a.service", "timeout", "b@1.service", "exit-code", "c.service", "failed"),
                StartFailures.jobResults(stderr));
        assertEquals(Map.of(), StartFailures.jobResults("Failed to start x.service: Unit x.service not found.\n"));
    }

    @Test
    void aUnitLeftFailedWithResultTimeoutIsNotReadyAndOtherFailuresAreNoMatterOfReadiness() {
        var notify = new StartFailures.Expectation(Optional.of(ReadinessSpec.notify(Duration.ofSeconds(9))), false);
        UnitState timedOut = new UnitState(Map.of("LoadState", "loaded", "ActiveState", "failed", "Result", "timeout"));
        UnitState crashed = new UnitState(Map.of("LoadState", "loaded", "ActiveState", "failed", "Result",
                "exit-code", "ExecMainCode", "1", "ExecMainStatus", "3"));

        assertEquals(Optional.of("a: not ready after 9s (readiness.notify: no READY=1 received)"),
                StartFailures.explain("a", timedOut, null, notify));
        // Without a failed start job, an exit may have come after READY=1: the state says it as it is.
        assertEquals(Optional.empty(), StartFailures.explain("a", crashed, null, notify));
        assertEquals(Optional.empty(), StartFailures.explain("a", timedOut, null,
                new StartFailures.Expectation(Optional.empty(), false)), "a plain unit has no readiness");
    }
}
