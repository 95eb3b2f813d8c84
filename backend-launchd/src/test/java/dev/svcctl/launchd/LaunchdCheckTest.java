package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.HooksSpec;
import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.LimitsSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.Milestone;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.StopSpec;
import dev.svcctl.spec.SupervisorMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LaunchdCheckTest {
    private final LaunchdBackend backend = GoldenPlistTest.pureBackend();

    private static ServiceSpec.Builder spec() {
        return ServiceSpec.builder("app", "/opt/app/bin/app");
    }

    private List<String> keyPaths(ServiceSpec spec) {
        return backend.check(spec).stream().map(SpecProblem::keyPath).toList();
    }

    @Test
    void templateInstancesAreSystemdOnly() {
        assertEquals(List.of("name"), keyPaths(ServiceSpec.builder("app@1", "/usr/bin/app").build()));
    }

    @Test
    void aPlainSpecHasNoProblems() {
        assertEquals(List.of(), keyPaths(spec().args("a").env(Map.of("A", "b")).build()));
    }

    /** Each feature launchd lacks: with supervisor native a problem at its key, with auto the svcctl supervisor. */
    @Test
    void featuresOnlyTheSupervisorHasAreErrorsUnderNativeAndDelegatedUnderAuto() {
        Map<String, UnaryOperator<ServiceSpec.Builder>> cases = Map.of(
                "healthCheck", b -> b.healthCheck(new HealthCheckSpec(HealthCheckSpec.Kind.TCP, "127.0.0.1:1",
                        List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2), 3, Duration.ZERO)),
                "logs.rotate", b -> b.logs(new LogsSpec(LogTarget.DEFAULT, LogTarget.DEFAULT, Optional.empty(),
                        Optional.of(new RotateSpec(OptionalLong.of(1024), RotateEvery.DAILY, 3, true,
                                OptionalLong.empty())))),
                "envFile", b -> b.envFiles("/etc/app.env"),
                "reload.exec", b -> b.reloadExec(List.of("/usr/sbin/app", "--reload")),
                "restart.burst", b -> b.restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofSeconds(1),
                        Optional.empty(), 3, Duration.ofSeconds(60), List.of(0))),
                "restart.window", b -> b.restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofSeconds(1),
                        Optional.empty(), 5, Duration.ofMinutes(5), List.of(0))),
                "restart.successExitCodes", b -> b.restart(new RestartSpec(RestartPolicy.ON_FAILURE,
                        Duration.ofSeconds(1), Optional.empty(), 5, Duration.ofSeconds(60), List.of(0, 3))),
                "stop.signal", b -> b.stop(new StopSpec(Signal.INT, Duration.ofSeconds(30))),
                "readiness.notify", b -> b.readiness(ReadinessSpec.notify(Duration.ofSeconds(20)))
                        .watchdog(Duration.ofSeconds(5)),
                "readiness.pidFile", b -> b.readiness(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, "/var/run/a.pid",
                        List.of(), Duration.ofSeconds(20))));
        cases.forEach((key, setting) -> {
            ServiceSpec nativeSpec = setting.apply(spec().supervisor(SupervisorMode.NATIVE)).build();
            List<SpecProblem> problems = backend.check(nativeSpec);
            assertEquals(List.of(key), problems.stream().map(SpecProblem::keyPath).toList(), key);
            assertEquals(Optional.of("use supervisor: auto or svcctl"), problems.get(0).hint(), key);
            ServiceSpec autoSpec = setting.apply(spec()).build();
            assertEquals(List.of(), keyPaths(autoSpec), key);
            assertTrue(Supervision.bySvcctl(autoSpec), key + " should make auto choose svcctl run");
        });
        assertTrue(!Supervision.bySvcctl(spec().build()), "a plain spec runs natively");
    }

    @Test
    void hooksAndOnExitRunUnderTheSupervisorAndCpuAffinityIsRefusedWhateverTheSupervisor() {
        Map<String, UnaryOperator<ServiceSpec.Builder>> cases = Map.of(
                "hooks.preStart", b -> b.hooks(new HooksSpec(List.of("/opt/app/bin/migrate"), List.of(),
                        Duration.ofSeconds(30))),
                "hooks.postStop", b -> b.hooks(new HooksSpec(List.of(), List.of("/opt/app/bin/cleanup"),
                        Duration.ofSeconds(30))),
                "restart.onExit", b -> b.restart(RestartSpec.DEFAULT.withOnExit(Map.of(3, ExitAction.STOP))));
        cases.forEach((key, setting) -> {
            List<SpecProblem> problems = backend.check(setting.apply(spec().supervisor(SupervisorMode.NATIVE)).build());
            assertEquals(List.of(key), problems.stream().map(SpecProblem::keyPath).toList(), key);
            ServiceSpec autoSpec = setting.apply(spec()).build();
            assertEquals(List.of(), keyPaths(autoSpec), key);
            assertTrue(Supervision.bySvcctl(autoSpec), key + " should make auto choose svcctl run");
        });
        for (SupervisorMode mode : SupervisorMode.values()) {
            List<SpecProblem> problems = backend.check(spec().supervisor(mode).cpuAffinity(List.of(0)).build());
            assertEquals(List.of("cpuAffinity"), problems.stream().map(SpecProblem::keyPath).toList(), mode.name());
            assertTrue(problems.get(0).message().contains("no CPU affinity"), problems.get(0).message());
        }
    }

    @Test
    void maxDelayIsBestEffortAndNeedsNoSupervisor() {
        ServiceSpec spec = spec().supervisor(SupervisorMode.NATIVE).restart(new RestartSpec(RestartPolicy.ALWAYS,
                Duration.ofSeconds(1), Optional.of(Duration.ofMinutes(1)), 5, Duration.ofSeconds(60), List.of(0)))
                .build();
        assertEquals(List.of(), keyPaths(spec));
    }

    @Test
    void argvAndEnvironmentMustFitInMacOsArgMax() {
        assertEquals(List.of(), keyPaths(spec().args("x".repeat(500_000)).env(Map.of("A", "y".repeat(500_000)))
                .build()));
        assertEquals(List.of("args"), keyPaths(spec().args("x".repeat(600_000)).env(Map.of("A", "y".repeat(500_000)))
                .build()));
    }

    @Test
    void whatNeitherLaunchdNorTheSupervisorCanDoIsAnErrorWhateverTheSupervisor() {
        for (SupervisorMode mode : SupervisorMode.values()) {
            ServiceSpec spec = spec().supervisor(mode)
                    .limits(new LimitsSpec(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1 << 20),
                            OptionalInt.of(50)))
                    .dependsOn(List.of("postgresql"))
                    .after(List.of(Milestone.FILESYSTEMS, Milestone.NETWORK_ONLINE))
                    .logs(new LogsSpec(LogTarget.JOURNAL, LogTarget.FILE, Optional.empty(), Optional.empty()))
                    .build();
            assertEquals(List.of("dependsOn", "limits.memory", "limits.cpu",
                    "logs.stdout"), keyPaths(spec), mode.name());
        }
    }

    @Test
    void milestonesAreBestEffortBecauseLaunchdHasNoOrdering() {
        assertEquals(List.of(), keyPaths(spec().supervisor(SupervisorMode.NATIVE)
                .after(List.of(Milestone.NETWORK, Milestone.NETWORK_ONLINE, Milestone.TIME_SYNC,
                        Milestone.FILESYSTEMS)).build()));
    }

    @Test
    void agentsCannotNameAUserOrGroup() {
        ServiceSpec agent = spec().scope(Scope.USER).user("alice").group("staff").build();
        assertEquals(List.of("user", "group"), keyPaths(agent));
        ServiceSpec daemon = spec().user("alice").group("staff").build();
        assertEquals(List.of(), keyPaths(daemon));
        UnsupportedSpecException e = assertThrows(UnsupportedSpecException.class,
                () -> backend.render(daemon, new RenderOptions(RenderOptions.DEFAULT_SVCCTL, true)));
        assertEquals("user", e.problems().get(0).keyPath());
    }

    @Test
    void pathsMustBePosix() {
        assertEquals(List.of("exec"), keyPaths(ServiceSpec.builder("app", "C:\\app\\x.exe").build()));
        assertEquals(List.of("workingDirectory"), keyPaths(spec().workingDirectory("D:\\data").build()));
    }

    @Test
    void theEscapeHatchCannotReplaceGeneratedKeysNorCarryNonFiniteNumbers() {
        var hatch = new PlatformSpec(PlatformSpec.Systemd.NONE, PlatformSpec.Windows.DEFAULT,
                new PlatformSpec.Launchd(Optional.empty(), Map.of("KeepAlive", false, "Weight", Double.NaN,
                        "Nested", Map.of("list", List.of("ok", Double.POSITIVE_INFINITY)))));
        List<SpecProblem> problems = backend.check(spec().platform(hatch).build());
        assertEquals(List.of("platform.launchd.plist.KeepAlive", "platform.launchd.plist.Nested.list[1]",
                "platform.launchd.plist.Weight"), problems.stream().map(SpecProblem::keyPath).sorted().toList());
        SpecProblem keepAlive = problems.stream().filter(p -> p.keyPath().endsWith("KeepAlive")).findFirst().get();
        assertEquals(Optional.of("set restart.policy instead"), keepAlive.hint());
    }

    @Test
    void renderRefusesWhatCheckReports() {
        ServiceSpec spec = spec().dependsOn(List.of("db")).build();
        UnsupportedSpecException e = assertThrows(UnsupportedSpecException.class,
                () -> backend.render(spec, RenderOptions.DEFAULT));
        assertEquals("dependsOn", e.problems().get(0).keyPath());
    }

    @Test
    void launchdCannotConfineAJobSoAHardeningPresetIsRefused() {
        assertEquals(List.of("hardening"), keyPaths(spec().hardening(Hardening.BASIC).build()));
        assertEquals(List.of("hardening"), keyPaths(spec().hardening(Hardening.STRICT).build()));
    }
}
