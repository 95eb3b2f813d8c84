package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.HooksSpec;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SupervisorMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the systemd backend refuses, and why: each limit was observed on systemd 252 and Linux. */
class SystemdCheckTest {
    final SystemdBackend backend = new SystemdBackend();

    List<String> keys(ServiceSpec spec) {
        return backend.check(spec).stream().map(SpecProblem::keyPath).toList();
    }

    @Test
    void anArgumentLongerThanLinuxPassesIsRefused() {
        String tooLong = "x".repeat(SystemdBackend.MAX_ARG_BYTES + 1);
        assertEquals(List.of(), keys(ServiceSpec.builder("a", "/bin/true").args("x".repeat(SystemdBackend.MAX_ARG_BYTES)).build()));
        assertEquals(List.of("args[1]"), keys(ServiceSpec.builder("a", "/bin/true").args("ok", tooLong).build()));
        assertEquals(List.of("env.BIG"), keys(ServiceSpec.builder("a", "/bin/true").env(Map.of("BIG", tooLong)).build()));
    }

    @Test
    void unicodeNoncharactersAreRefusedWhereverTheyWouldReachTheUnit() {
        assertEquals(List.of("args[0]"), keys(ServiceSpec.builder("a", "/bin/true").args("\uDBFF\uDFFF").build()));
        assertEquals(List.of("env.X"), keys(ServiceSpec.builder("a", "/bin/true").env(Map.of("X", "a\uFFFEb")).build()));
        assertEquals(List.of("description"), keys(ServiceSpec.builder("a", "/bin/true").description("\uFDD0").build()));
        assertEquals(List.of(), keys(ServiceSpec.builder("a", "/bin/true").args("\uFFFD\uFEFF\uFDCF\uFDF0").build()));
    }

    @Test
    void theSharedHostsOwnUnitNamesAreNotServiceNames() {
        for (String name : List.of("svcctl-host", "svcctl-log-web", "svcctl-log-")) {
            assertEquals(List.of("name"), keys(ServiceSpec.builder(name, "/bin/true").build()), name);
        }
        for (String name : List.of("svcctl-hosts", "svcctl", "svcctl-logger", "web-svcctl-host")) {
            assertEquals(List.of(), keys(ServiceSpec.builder(name, "/bin/true").build()), name);
        }
    }

    @Test
    void systemdRefusesExecutablePathsWithQuotesOrBackslashes() {
        for (String exec : List.of("/opt/a\"b/x", "/opt/it's/x", "/opt/a\\b/x", "/opt/a\tb/x")) {
            assertEquals(List.of("exec"), keys(ServiceSpec.builder("a", exec).build()), exec);
        }
        assertEquals(List.of(), keys(ServiceSpec.builder("a", "/opt/a b/100%/$x/日本/x").build()));
        assertEquals(List.of("exec"), keys(ServiceSpec.builder("a", "-daemon").build()));
    }

    @Test
    void hookProgramsFollowTheRulesOfExecAndTheirDirectivesAreNotTheEscapeHatchs() {
        ServiceSpec base = ServiceSpec.builder("a", "/bin/true").build();
        HooksSpec bad = new HooksSpec(List.of("-/opt/migrate"), List.of("/opt/it's/cleanup"), Duration.ofSeconds(5));
        assertEquals(List.of("hooks.preStart[0]", "hooks.postStop[0]"),
                keys(base.toBuilder().hooks(bad).build()));
        HooksSpec good = new HooksSpec(List.of("/opt/migrate", "--x"), List.of(), Duration.ofSeconds(5));
        var hatch = new PlatformSpec(new PlatformSpec.Systemd(Map.of(),
                Map.of("ExecStartPre", List.of("/bin/true"), "CPUAffinity", List.of("1"),
                        "RestartPreventExitStatus", List.of("3")), Map.of()),
                PlatformSpec.Windows.DEFAULT, PlatformSpec.Launchd.DEFAULT);
        // Without the keys the escape hatch may set these directives; with them, the keys write them.
        assertEquals(List.of(), keys(base.toBuilder().platform(hatch).build()));
        assertEquals(List.of("platform.systemd.service.CPUAffinity", "platform.systemd.service.ExecStartPre",
                        "platform.systemd.service.RestartPreventExitStatus"),
                keys(base.toBuilder().platform(hatch).hooks(good).cpuAffinity(List.of(0))
                        .restart(RestartSpec.DEFAULT.withOnExit(Map.of(3, ExitAction.STOP))).build())
                        .stream().sorted().toList());
    }

    @Test
    void argvAndEnvironmentTogetherMustFitOneUnitLine() {
        List<String> args = java.util.Collections.nCopies(10, "y".repeat(110_000));
        assertEquals(List.of("args"), keys(ServiceSpec.builder("a", "/bin/true").args(args).build()));
    }

    @Test
    void rawLineSettingsCannotCarryWhatTheLineParserEats() {
        assertEquals(List.of("description"), keys(ServiceSpec.builder("a", "/bin/true").description(" padded").build()));
        assertEquals(List.of("description"), keys(ServiceSpec.builder("a", "/bin/true").description("ends\\").build()));
        assertEquals(List.of("workingDirectory"), keys(ServiceSpec.builder("a", "/bin/true").workingDirectory("/srv/x ").build()));
        assertEquals(List.of("workingDirectory"), keys(ServiceSpec.builder("a", "/bin/true").workingDirectory("C:\\srv").build()));
        assertEquals(List.of("exec"), keys(ServiceSpec.builder("a", "C:\\app\\x.exe").build()));
    }

    @Test
    void escapeHatchValuesFollowTheLineRulesOfEveryOtherValue() {
        // From issue 14: "/var/lib/app\\" continued the line into the next directive and install said ok.
        var service = new java.util.LinkedHashMap<String, List<String>>();
        service.put("ReadWritePaths", List.of("/var/lib/app\\"));
        service.put("ProtectSystem", List.of("strict"));
        service.put("LimitCORE", List.of(" 0"));
        service.put("ExecStartPre", List.of("/bin/true", "/bin/echo x\u0007"));
        service.put("ExecStartPost", List.of(""));
        var hatch = new PlatformSpec(new PlatformSpec.Systemd(Map.of("Documentation", List.of("man:x ")), service,
                Map.of()), PlatformSpec.Windows.DEFAULT, PlatformSpec.Launchd.DEFAULT);
        assertEquals(List.of("platform.systemd.unit.Documentation", "platform.systemd.service.ReadWritePaths",
                "platform.systemd.service.LimitCORE", "platform.systemd.service.ExecStartPre[1]"),
                keys(ServiceSpec.builder("a", "/bin/true").platform(hatch).build()));
    }

    @Test
    void nativeSupervisionCannotRunHealthChecksAndEscapeHatchesCannotOverrideTheSpec() {
        var health = new HealthCheckSpec(HealthCheckSpec.Kind.TCP, "127.0.0.1:1", List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, Duration.ZERO);
        assertEquals(List.of("healthCheck"), keys(ServiceSpec.builder("a", "/bin/true").healthCheck(health)
                .supervisor(SupervisorMode.NATIVE).build()));
        var hatch = new PlatformSpec(new PlatformSpec.Systemd(Map.of(), Map.of("User", List.of("root")), Map.of()),
                PlatformSpec.Windows.DEFAULT, PlatformSpec.Launchd.DEFAULT);
        assertEquals(List.of("platform.systemd.service.User"), keys(ServiceSpec.builder("a", "/bin/true").platform(hatch).build()));
        var noZero = new RestartSpec(RestartSpec.DEFAULT.policy(), Duration.ofSeconds(1), Optional.empty(), 5,
                Duration.ofSeconds(60), List.of(3));
        assertEquals(List.of("restart.successExitCodes"), keys(ServiceSpec.builder("a", "/bin/true").restart(noZero).build()));
    }

    @Test
    void renderRefusesWhatCheckReports() {
        var spec = ServiceSpec.builder("a", "/bin/true").description("x\\").build();
        var e = assertThrows(UnsupportedSpecException.class, () -> backend.render(spec, RenderOptions.DEFAULT));
        assertEquals("description", e.problems().get(0).keyPath());
        assertTrue(e.problems().get(0).message().contains("backslash"));
    }

    @Test
    void aUserManagerCannotApplyAHardeningPreset() {
        var spec = ServiceSpec.builder("a", "/bin/true").hardening(Hardening.STRICT);

        assertEquals(List.of("hardening"), keys(spec.scope(Scope.USER).build()));
        assertEquals(List.of(), keys(spec.scope(Scope.SYSTEM).build()));
        assertEquals(List.of(), keys(spec.scope(Scope.USER).hardening(Hardening.NONE).build()));
    }

    private static ServiceSpec.Builder withHatch(String directive, String value) {
        var hatch = new PlatformSpec(new PlatformSpec.Systemd(Map.of(), Map.of(directive, List.of(value)), Map.of()),
                PlatformSpec.Windows.DEFAULT, PlatformSpec.Launchd.DEFAULT);
        return ServiceSpec.builder("a", "/bin/true").platform(hatch);
    }

    @Test
    void probeReadinessNeedsTheSupervisorAndNativeNotifyOrPidFileDoNot() {
        var tcp = new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:80", List.of(), Duration.ofSeconds(5));
        var exec = new ReadinessSpec(ReadinessSpec.Kind.EXEC, "", List.of("/bin/true"), Duration.ofSeconds(5));
        var pidFile = new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, "/run/a.pid", List.of(), Duration.ofSeconds(5));
        var nativeTcp = ServiceSpec.builder("a", "/bin/true").readiness(tcp).supervisor(SupervisorMode.NATIVE).build();

        assertEquals(List.of("readiness.tcp"), keys(nativeTcp));
        assertTrue(backend.check(nativeTcp).get(0).hint().orElseThrow().contains("supervisor: auto or svcctl"));
        assertEquals(List.of("readiness.exec"), keys(ServiceSpec.builder("a", "/bin/true").readiness(exec)
                .supervisor(SupervisorMode.NATIVE).build()));
        assertTrue(!Supervision.bySvcctl(ServiceSpec.builder("a", "/bin/true").readiness(tcp).build()),
                "auto: the shared host serves it, the program runs natively");
        assertEquals(java.util.Set.of(dev.svcctl.host.HostDuties.Duty.READINESS_PROBE),
                Supervision.hostDuties(ServiceSpec.builder("a", "/bin/true").readiness(tcp).build()));
        assertTrue(Supervision.bySvcctl(ServiceSpec.builder("a", "/bin/true").readiness(tcp)
                .supervisor(SupervisorMode.SVCCTL).build()));
        assertTrue(!Supervision.hosted(ServiceSpec.builder("a", "/bin/true").readiness(tcp)
                .supervisor(SupervisorMode.SVCCTL).build()), "svcctl run does it all itself");
        assertTrue(!Supervision.bySvcctl(ServiceSpec.builder("a", "/bin/true").readiness(pidFile).build()));
        assertTrue(!Supervision.hosted(ServiceSpec.builder("a", "/bin/true").readiness(pidFile).build()));
        assertTrue(!Supervision.bySvcctl(ServiceSpec.builder("a", "/bin/true")
                .readiness(ReadinessSpec.notify(Duration.ofSeconds(5))).watchdog(Duration.ofSeconds(3)).build()));
        assertEquals(List.of(), keys(ServiceSpec.builder("a", "/bin/true").readiness(pidFile)
                .supervisor(SupervisorMode.NATIVE).build()));
    }

    @Test
    void aPidFileFollowsTheRulesOfPaths() {
        var relative = new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, "/run/a.pid\\", List.of(), Duration.ofSeconds(5));
        assertEquals(List.of("readiness.pidFile"), keys(ServiceSpec.builder("a", "/bin/true").readiness(relative).build()));
    }

    @Test
    void theEscapeHatchCannotSetWhatReadinessAndWatchdogWrite() {
        var notify = ReadinessSpec.notify(Duration.ofSeconds(5));
        var pidFile = new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, "/run/a.pid", List.of(), Duration.ofSeconds(5));

        List<SpecProblem> type = backend.check(withHatch("Type", "notify").build());
        assertEquals(List.of("platform.systemd.service.Type"), type.stream().map(SpecProblem::keyPath).toList());
        assertEquals(Optional.of("set readiness instead"), type.get(0).hint());
        assertEquals(List.of("platform.systemd.service.NotifyAccess"),
                keys(withHatch("NotifyAccess", "all").readiness(notify).build()));
        assertEquals(List.of("platform.systemd.service.WatchdogSec"),
                keys(withHatch("WatchdogSec", "5s").readiness(notify).watchdog(Duration.ofSeconds(3)).build()));
        assertEquals(List.of("platform.systemd.service.PIDFile"),
                keys(withHatch("PIDFile", "/run/b.pid").readiness(pidFile).build()));
        assertEquals(List.of("platform.systemd.service.TimeoutStartSec"),
                keys(withHatch("TimeoutStartSec", "5s").readiness(pidFile).build()));
        assertEquals(List.of("platform.systemd.service.NotifyAccess"), keys(withHatch("NotifyAccess", "all")
                .supervisor(SupervisorMode.SVCCTL).build()), "a supervised unit is always Type=notify");
        assertEquals(List.of("platform.systemd.service.SyslogIdentifier"), keys(withHatch("SyslogIdentifier", "x")
                .supervisor(SupervisorMode.SVCCTL).build()));
        // What the spec does not write stays the escape hatch's to set.
        assertEquals(List.of(), keys(withHatch("WatchdogSec", "5s").build()));
        assertEquals(List.of(), keys(withHatch("TimeoutStartSec", "5s").build()));
        assertEquals(List.of(), keys(withHatch("SyslogIdentifier", "x").build()));
        var tcp = new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:80", List.of(), Duration.ofSeconds(5));
        assertEquals(List.of("platform.systemd.service.ExecStartPost"), keys(withHatch("ExecStartPost", "/bin/true")
                .readiness(tcp).build()), "a probe is the unit's ExecStartPost=svcctl wait-ready");
        assertEquals(List.of(), keys(withHatch("ExecStartPost", "/bin/true").readiness(pidFile).build()));
    }
}
