package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Valid specs map to exactly the model they describe; absent keys take the spec v1 defaults. */
class SpecMappingTest {
    private static final Path VALID = Path.of("src", "test", "resources", "valid");

    @Test
    void everyKeyMapsToItsField() throws Exception {
        ServiceSpec spec = SpecLoader.load(VALID.resolve("full.yaml")).spec();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_OPTS", "-Xmx512m");
        env.put("RETRIES", "3");
        env.put("EMPTY", "");
        env.put("FLAG", "off");
        Map<String, Object> listener = Map.of("SockServiceName", "8080");
        Map<String, Object> plist = new LinkedHashMap<>();
        plist.put("ProcessType", "Interactive");
        plist.put("Nice", -5L);
        plist.put("Ratio", 0.5);
        plist.put("LowPriorityIO", true);
        plist.put("Sockets", Map.of("Listeners", List.of(listener)));

        ServiceSpec expected = ServiceSpec.builder("billing-api", "/opt/billing/bin/api")
                .displayName("Billing API")
                .description("Serves invoices\tand credit notes")
                .args(List.of("--port", "8080", "--ratio", "1.10", "--verbose", "yes", "", "C:\\x"))
                .workingDirectory("/var/lib/billing")
                .user("1001")
                .group("billing")
                .env(env)
                .envFiles("/etc/billing/env")
                .scope(Scope.USER)
                .startup(Startup.DELAYED)
                .dependsOn(List.of("postgresql", "redis.service-1"))
                .after(List.of(Milestone.NETWORK, Milestone.NETWORK_ONLINE, Milestone.TIME_SYNC, Milestone.FILESYSTEMS))
                .restart(new RestartSpec(RestartPolicy.ON_FAILURE, Duration.ofMillis(250),
                        Optional.of(Duration.ofSeconds(90)), 7, Duration.ofHours(2), List.of(0, 143, 8),
                        Map.of(75, ExitAction.RESTART, 3, ExitAction.STOP, 0, ExitAction.RESTART)))
                .stop(new StopSpec(Signal.INT, Duration.ofMillis(1), StopMode.PROCESS))
                .reloadSignal(Signal.USR1)
                .logs(new LogsSpec(LogTarget.JOURNAL, LogTarget.DISCARD, Optional.of("D:\\Logs\\billing"),
                        Optional.of(new RotateSpec(OptionalLong.of(10L << 20), RotateEvery.WEEKLY, 14, true,
                                OptionalLong.of(1L << 30)))))
                .limits(new LimitsSpec(OptionalLong.of(65536), OptionalLong.of(4096), OptionalLong.of(512L << 20),
                        OptionalInt.of(150)))
                .priority(-20)
                .hooks(new HooksSpec(List.of("/opt/billing/bin/migrate", "--check", "2"), List.of("cleanup"),
                        Duration.ofMinutes(1)))
                .cpuAffinity(List.of(3, 1))
                .healthCheck(new HealthCheckSpec(HealthCheckSpec.Kind.EXEC, "",
                        List.of("/opt/billing/bin/check", "--deep", "3"), Duration.ofMinutes(1), Duration.ofSeconds(5),
                        10, Duration.ofDays(1)))
                .supervisor(SupervisorMode.NATIVE)
                .platform(new PlatformSpec(
                        new PlatformSpec.Systemd(
                                Map.of("Documentation", List.of("https://example.com/a", "man:billing(8)")),
                                ordered("LimitCORE", List.of("infinity"), "Nice", List.of("5"),
                                        "ProtectSystem", List.of("true")),
                                Map.of("Alias", List.of("billing.service"))),
                        new PlatformSpec.Windows("CONTOSO\\svc-billing$", Optional.of("BILLING_PW"),
                                PlatformSpec.FailureActions.NONE, Optional.of(Duration.ofMinutes(3)), false),
                        new PlatformSpec.Launchd(Optional.of("com.example.billing"), plist)))
                .build();

        assertEquals(expected, spec);
        // Records compare maps by content; the renderers rely on the order they were written in.
        assertEquals(List.copyOf(env.keySet()), List.copyOf(spec.env().keySet()));
        assertEquals(List.of("LimitCORE", "Nice", "ProtectSystem"),
                List.copyOf(spec.platform().systemd().service().keySet()));
        assertEquals(List.copyOf(plist.keySet()), List.copyOf(spec.platform().launchd().plist().keySet()));
    }

    @Test
    void aSpecOfNameAndExecTakesEveryDefault() throws Exception {
        ServiceSpec spec = SpecLoader.parse("minimal.yaml", "name: hello\nexec: /usr/local/bin/hello\n").spec();

        // Every default written out, rather than taken from the builder, which sets the same ones.
        ServiceSpec expected = ServiceSpec.builder("hello", "/usr/local/bin/hello")
                .displayName("hello")
                .scope(Scope.SYSTEM)
                .startup(Startup.AUTO)
                .restart(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofSeconds(1), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .stop(new StopSpec(Signal.TERM, Duration.ofSeconds(30)))
                .logs(new LogsSpec(LogTarget.DEFAULT, LogTarget.DEFAULT, Optional.empty(), Optional.empty()))
                .limits(new LimitsSpec(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                        OptionalInt.empty()))
                .supervisor(SupervisorMode.AUTO)
                .hooks(null)
                .cpuAffinity(List.of())
                .platform(new PlatformSpec(new PlatformSpec.Systemd(Map.of(), Map.of(), Map.of()),
                        new PlatformSpec.Windows("LocalSystem", Optional.empty(), PlatformSpec.FailureActions.AUTO,
                                Optional.empty(), true),
                        new PlatformSpec.Launchd(Optional.empty(), Map.of())))
                .build();
        assertEquals(expected, spec);
    }

    @Test
    void absentKeysInsideAWrittenSectionTakeTheirDefaults() throws Exception {
        ServiceSpec spec = SpecLoader.load(VALID.resolve("defaults.yaml")).spec();

        assertEquals(new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), Optional.empty(), 5,
                Duration.ofSeconds(60), List.of(0)), spec.restart());
        assertEquals(new StopSpec(Signal.TERM, Duration.ofSeconds(30)), spec.stop());
        assertEquals(new LogsSpec(LogTarget.DEFAULT, LogTarget.DEFAULT, Optional.empty(),
                Optional.of(new RotateSpec(OptionalLong.empty(), RotateEvery.NONE, 7, false, OptionalLong.empty()))),
                spec.logs());
        assertEquals(Optional.of(new HealthCheckSpec(HealthCheckSpec.Kind.TCP, "localhost:80", List.of(),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 3, Duration.ZERO)), spec.healthCheck());
        assertEquals(new PlatformSpec(new PlatformSpec.Systemd(Map.of(), Map.of(), Map.of()),
                new PlatformSpec.Windows("LocalSystem", Optional.empty(), PlatformSpec.FailureActions.AUTO,
                        Optional.empty(), true),
                new PlatformSpec.Launchd(Optional.empty(), Map.of())), spec.platform());
        assertEquals("svc-bin", spec.exec());
        assertEquals("svc", spec.displayName());
    }

    @Test
    void theSourceMapPointsAtEveryKeyAndListItem() throws Exception {
        SourceMap map = SpecLoader.load(VALID.resolve("full.yaml")).sources();

        assertEquals(new SourceLocation(VALID.resolve("full.yaml").toString(), 2, 1), map.locate("name"));
        assertEquals(2, map.locate("restart.delay").line() - map.locate("restart").line());
        assertEquals(map.locate("args").line(), map.locate("args[1]").line());
        assertEquals(18, map.locate("args[1]").column());
        assertEquals(map.locate("env.RETRIES"), map.locate("env.RETRIES.no.such.key"));
    }

    @Test
    void windowsSidTypeAndPrivilegesAreEmptyWhenLeftToHardeningAndKeptAsWrittenOtherwise() throws Exception {
        ServiceSpec absent = SpecLoader.parse("a.yaml", "name: a\nexec: /bin/true\nhardening: strict\n"
                + "platform:\n  windows:\n    eventLog: false\n").spec();
        assertEquals(Optional.empty(), absent.platform().windows().sidType());
        assertEquals(Optional.empty(), absent.platform().windows().requiredPrivileges());

        ServiceSpec written = SpecLoader.parse("b.yaml", "name: b\nexec: /bin/true\nplatform:\n  windows:\n"
                + "    sidType: unrestricted\n    requiredPrivileges: [SeChangeNotifyPrivilege, SeImpersonatePrivilege]\n")
                .spec();
        assertEquals(Optional.of(PlatformSpec.SidType.UNRESTRICTED), written.platform().windows().sidType());
        assertEquals(Optional.of(List.of("SeChangeNotifyPrivilege", "SeImpersonatePrivilege")),
                written.platform().windows().requiredPrivileges());
        // Written back and read again: the same model (the writer works from the table).
        assertEquals(written, SpecLoader.parse("c.yaml", SpecWriter.write(written)).spec());

        ServiceSpec none = SpecLoader.parse("d.yaml", "name: d\nexec: /bin/true\nplatform:\n  windows:\n"
                + "    sidType: none\n    requiredPrivileges: []\n").spec();
        assertEquals(Optional.of(PlatformSpec.SidType.NONE), none.platform().windows().sidType());
        assertEquals(Optional.of(List.of()), none.platform().windows().requiredPrivileges());
        assertEquals(none, SpecLoader.parse("e.yaml", SpecWriter.write(none)).spec());
    }

    @Test
    void windowsFailureStepsStopMethodsAndRunKeyAreReadWrittenAndReadBackEqual() throws Exception {
        ServiceSpec spec = SpecLoader.parse("w.yaml", "name: w\nexec: /bin/true\nplatform:\n  windows:\n"
                + "    failureActions:\n      - {action: restart, delay: 10s}\n"
                + "      - {action: run, delay: 1m, command: 'C:\\ops\\notify.cmd --service w'}\n"
                + "      - action: reboot\n        delay: 5m\n"
                + "    failureResetPeriod: 1d\n    stopMethods: [ctrlC, wmClose, terminate]\n"
                + "    userAutostart: runKey\n").spec();
        PlatformSpec.Windows w = spec.platform().windows();
        assertEquals(PlatformSpec.FailureActions.STEPS, w.failureActions());
        assertEquals(List.of(
                new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RESTART, Duration.ofSeconds(10),
                        Optional.empty()),
                new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RUN, Duration.ofMinutes(1),
                        Optional.of("C:\\ops\\notify.cmd --service w")),
                new PlatformSpec.FailureStep(PlatformSpec.FailureAction.REBOOT, Duration.ofMinutes(5),
                        Optional.empty())), w.failureSteps());
        assertEquals(Optional.of(Duration.ofDays(1)), w.failureResetPeriod());
        assertEquals(List.of(PlatformSpec.StopMethod.CTRL_C, PlatformSpec.StopMethod.WM_CLOSE,
                PlatformSpec.StopMethod.TERMINATE), w.stopMethods());
        assertEquals(PlatformSpec.UserAutostart.RUN_KEY, w.userAutostart());
        String written = SpecWriter.write(spec);
        assertEquals(spec, SpecLoader.parse("again.yaml", written).spec(), written);

        ServiceSpec word = SpecLoader.parse("n.yaml", "name: n\nexec: /bin/true\nplatform:\n  windows:\n"
                + "    failureActions: none\n").spec();
        assertEquals(PlatformSpec.FailureActions.NONE, word.platform().windows().failureActions());
        assertEquals(List.of(), word.platform().windows().stopMethods());
        assertEquals(PlatformSpec.UserAutostart.TASK, word.platform().windows().userAutostart());
        assertEquals(word, SpecLoader.parse("n2.yaml", SpecWriter.write(word)).spec());

        ServiceSpec shared = SpecLoader.parse("s.yaml", "name: s\nexec: /bin/true\nplatform:\n  windows:\n"
                + "    serviceHost: shared\n").spec();
        assertEquals(PlatformSpec.ServiceHost.SHARED, shared.platform().windows().serviceHost());
        assertEquals(PlatformSpec.ServiceHost.OWN, word.platform().windows().serviceHost());
        assertEquals(shared, SpecLoader.parse("s2.yaml", SpecWriter.write(shared)).spec());

        ServiceSpec resetOnly = SpecLoader.parse("r.yaml", "name: r\nexec: /bin/true\nplatform:\n  windows:\n"
                + "    failureResetPeriod: 2h\n").spec();
        assertEquals(PlatformSpec.FailureActions.AUTO, resetOnly.platform().windows().failureActions());
        assertEquals(Optional.of(Duration.ofHours(2)), resetOnly.platform().windows().failureResetPeriod());
        assertEquals(resetOnly, SpecLoader.parse("r2.yaml", SpecWriter.write(resetOnly)).spec());
    }

    @Test
    void windowsFailureStepsAndStopMethodsThatCannotWorkAreRefusedAtTheirKey() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("    failureActions:\n      - {action: run, delay: 1m}\n",
                "w.yaml:6:9: platform.windows.failureActions[0]: a run step needs a command");
        cases.put("    failureActions:\n      - {action: reboot, command: x}\n",
                "w.yaml:6:35: platform.windows.failureActions[0].command: only a run step takes a command");
        cases.put("    failureActions:\n      - {delay: 1m}\n",
                "w.yaml:6:9: platform.windows.failureActions[0]: a failure step needs an action");
        cases.put("    failureActions:\n      - {action: restart, when: 1m}\n",
                "w.yaml:6:27: unknown key 'platform.windows.failureActions[0].when'");
        cases.put("    failureActions: []\n",
                "w.yaml:5:21: platform.windows.failureActions: failureActions is an empty list");
        cases.put("    failureActions: steps\n",
                "w.yaml:5:21: platform.windows.failureActions: 'steps' is not one of auto, none");
        cases.put("    failureActions: none\n    failureResetPeriod: 1d\n",
                "w.yaml:6:25: platform.windows.failureResetPeriod: there are no failure actions to reset");
        cases.put("    stopMethods: [terminate, ctrlC]\n",
                "w.yaml:5:18: platform.windows.stopMethods: terminate ends the program");
        cases.put("    stopMethods: [ctrlC, ctrlC]\n",
                "w.yaml:5:18: platform.windows.stopMethods: ctrlC is named twice");
        cases.put("    stopMethods: [ctrl-c]\n",
                "w.yaml:5:19: platform.windows.stopMethods[0]: 'ctrl-c' is not one of ctrlC, wmClose, terminate");
        cases.put("    userAutostart: runkey\n",
                "w.yaml:5:20: platform.windows.userAutostart: 'runkey' is not one of task, runKey");
        cases.put("    serviceHost: group\n",
                "w.yaml:5:18: platform.windows.serviceHost: 'group' is not one of own, shared");
        List<String> wrong = new java.util.ArrayList<>();
        cases.forEach((yaml, expected) -> {
            InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                    () -> SpecLoader.parse("w.yaml", "name: w\nexec: /bin/true\nplatform:\n  windows:\n" + yaml));
            String first = e.errors().get(0).format();
            if (!first.startsWith(expected)) {
                wrong.add(expected + "\n   got " + first);
            }
        });
        assertEquals(List.of(), wrong);
    }

    private static Map<String, List<String>> ordered(Object... keysAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) keysAndValues[i + 1];
            map.put((String) keysAndValues[i], values);
        }
        return map;
    }
}
