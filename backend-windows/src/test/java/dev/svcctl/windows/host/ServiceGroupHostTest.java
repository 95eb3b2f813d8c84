package dev.svcctl.windows.host;

import static dev.svcctl.windows.host.ServiceHostStateMachine.ERROR_SERVICE_SPECIFIC_ERROR;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_CONTROL_STOP;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_RUNNING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_START_PENDING;
import static dev.svcctl.windows.host.ServiceHostStateMachine.SERVICE_STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecWriter;
import dev.svcctl.windows.ServiceGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared host process of a service group, driven as the SCM drives it (each start calls that service's main
 * through its own ScmSession, controls go to its own handler), with stand-in programs: each service reports its
 * own status, one stopping or giving up leaves the others running.
 */
class ServiceGroupHostTest {
    /** Every status each service reported, by service. */
    private final Map<String, List<ServiceHostStateMachine.Status>> reports = new LinkedHashMap<>();
    /** The state machine of each service's latest start. */
    private final Map<String, ServiceHostStateMachine> machines = new LinkedHashMap<>();
    private final List<String> programs = new ArrayList<>();
    private final List<Integer> processExits = new ArrayList<>();
    private final Map<String, ScmSession> sessions = new LinkedHashMap<>();
    /** The stored spec copies each start reads, by name. */
    private final Map<String, ServiceSpec> stored = new LinkedHashMap<>();
    /** What each start whose stored spec could not be used reported (the Event Log in production). */
    private final List<String> unusable = new ArrayList<>();

    static ServiceSpec shared(String name, String account) {
        return shared(name, account, true);
    }

    static ServiceSpec shared(String name, String account, boolean eventLog) {
        return ServiceSpec.builder(name, "C:\\apps\\" + name + ".exe").platform(new PlatformSpec(
                PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(account, Optional.empty(),
                PlatformSpec.FailureActions.AUTO, Optional.empty(), eventLog)
                .withServiceHost(PlatformSpec.ServiceHost.SHARED), PlatformSpec.Launchd.DEFAULT)).build();
    }

    private static String group(ServiceSpec spec) {
        return ServiceGroup.of(spec).orElseThrow();
    }

    /** A stand-in supervisor per start: its stop ends supervision at once (the supervisor's clean end). */
    private ServiceGroupHost host(List<ServiceSpec> members) {
        members.forEach(spec -> stored.putIfAbsent(spec.name(), spec));
        return host(group(members.get(0)), members.stream().map(ServiceSpec::name).toList());
    }

    private ServiceGroupHost host(String group, List<String> members) {
        return host(group, members, spec -> reporter -> standIn(spec, reporter));
    }

    private ServiceGroupHost host(String group, List<String> members, java.util.function.Function<ServiceSpec,
            java.util.function.Function<ServiceHostStateMachine.StatusReporter, ServiceHostStateMachine>> hosts) {
        return new ServiceGroupHost(group, members, name -> {
            ServiceSpec spec = stored.get(name);
            if (spec == null) {
                throw new java.io.IOException("no spec copy of " + name);
            }
            return spec;
        }, hosts, (name, message) -> unusable.add(name + ": " + message));
    }

    private ServiceHostStateMachine standIn(ServiceSpec spec, ServiceHostStateMachine.StatusReporter reporter) {
        ServiceHostStateMachine[] made = new ServiceHostStateMachine[1];
        made[0] = new ServiceHostStateMachine(reporter, new ServiceHostStateMachine.Program() {
            @Override
            public void start() {
                programs.add("start " + spec.name() + (spec.args().isEmpty() ? "" : " " + spec.args()));
            }

            @Override
            public void requestStop() {
                programs.add("stop " + spec.name());
                made[0].programStopped();
            }
        }, processExits::add, Duration.ofSeconds(30), Duration.ofSeconds(10), true);
        machines.put(spec.name(), made[0]);
        return made[0];
    }

    /** What the SCM does for StartService of a service in this process: 1083 when the table lacks it. */
    private int start(ServiceGroupHost host, String name) {
        Optional<ServiceGroupHost.Member> member = host.table().stream().filter(m -> m.name().equals(name))
                .findFirst();
        if (member.isEmpty()) {
            return 1083;
        }
        ScmSession session = new ScmSession(member.get().main(),
                status -> reports.computeIfAbsent(name, n -> new ArrayList<>()).add(status), message -> { });
        sessions.put(name, session);
        session.serviceMain();
        return 0;
    }

    private int state(String name) {
        List<ServiceHostStateMachine.Status> all = reports.get(name);
        return all.get(all.size() - 1).state();
    }

    @Test
    void twoServicesShareTheProcessEachWithItsOwnStatusAndOneStopsWithoutTheOther() {
        ServiceGroupHost host = host(List.of(shared("b", "localService"), shared("a", "localService")));
        assertEquals(List.of("a", "b"), host.table().stream().map(ServiceGroupHost.Member::name).toList());

        assertEquals(0, start(host, "a"));
        assertEquals(0, start(host, "b"));
        assertEquals(SERVICE_START_PENDING, state("a"), "not RUNNING before its program is ready");
        machines.get("a").ready();
        machines.get("b").ready();
        assertEquals(SERVICE_RUNNING, state("a"));
        assertEquals(SERVICE_RUNNING, state("b"));

        assertEquals(0, sessions.get("a").control(SERVICE_CONTROL_STOP));
        assertEquals(SERVICE_STOPPED, state("a"));
        assertEquals(0, reports.get("a").get(reports.get("a").size() - 1).win32ExitCode());
        assertEquals(SERVICE_RUNNING, state("b"), "the other service of the process goes on");
        assertEquals(List.of("start a", "start b", "stop a"), programs);

        sessions.get("b").control(SERVICE_CONTROL_STOP);
        assertEquals(SERVICE_STOPPED, state("b"));
        assertEquals(List.of(), processExits, "no service ended the process itself");
    }

    @Test
    void aServiceWhosePolicyGivesUpStopsAloneWithItsOwnExitCode() {
        ServiceGroupHost host = host(List.of(shared("a", "localService"), shared("b", "localService")));
        start(host, "a");
        start(host, "b");
        machines.get("a").ready();
        machines.get("b").ready();
        machines.get("a").gaveUp(7);
        ServiceHostStateMachine.Status last = reports.get("a").get(reports.get("a").size() - 1);
        assertEquals(SERVICE_STOPPED, last.state());
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, last.win32ExitCode());
        assertEquals(7, last.serviceSpecificExitCode(), "its own program's exit code");
        assertEquals(SERVICE_RUNNING, state("b"));
        assertEquals(List.of(), processExits, "an own-process host would exit here; a shared one must not");
    }

    @Test
    void aServiceStoppedAndStartedAgainInTheRunningProcessGetsAFreshHost() {
        ServiceGroupHost host = host(List.of(shared("a", "localService"), shared("b", "localService")));
        start(host, "a");
        start(host, "b");
        machines.get("a").ready();
        machines.get("b").ready();
        ServiceHostStateMachine first = machines.get("a");
        sessions.get("a").control(SERVICE_CONTROL_STOP);
        assertEquals(0, start(host, "a"), "a is in the table: the SCM calls its service main again");
        assertTrue(first != machines.get("a"), "a new state machine, not the stopped one");
        machines.get("a").ready();
        assertEquals(SERVICE_RUNNING, state("a"));
        assertEquals(List.of("start a", "start b", "stop a", "start a"), programs);
    }

    @Test
    void theTableIsTheGroupsServicesInstalledWhenTheProcessStartsAndALaterOneIsNotInIt(@TempDir Path dir)
            throws Exception {
        ServiceSpec a = shared("a", "localService");
        ServiceSpec other = shared("x", "networkService");
        ServiceSpec own = ServiceSpec.builder("own", "C:\\own.exe").build();
        for (ServiceSpec spec : List.of(a, other, own)) {
            Files.writeString(dir.resolve(spec.name() + ".yaml"), SpecWriter.write(spec), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("broken.yaml"), "name: [", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("renamed.yaml"), SpecWriter.write(shared("c", "localService")));
        List<String> members = ServiceGroupHost.installed(dir, group(a));
        assertEquals(List.of("a", "broken", "renamed"), members, "another account's group and an own-process"
                + " service are not members; an unreadable copy and a copy under another name may be");
        stored.put("a", a);
        ServiceGroupHost host = host(group(a), members);
        start(host, "a");

        Files.writeString(dir.resolve("b.yaml"), SpecWriter.write(shared("b", "localService")));
        assertEquals(1083, start(host, "b"), "installed after the process started: not in its table");
        assertEquals(List.of("a", "b", "broken", "renamed"), ServiceGroupHost.installed(dir, group(a)),
                "the next process of the group has it");
    }

    @Test
    void eachStartOpensTheEventLogItsSpecAsksForAndClosesItWhenTheRunEnds() {
        List<String> eventLogs = new ArrayList<>();
        stored.put("a", shared("a", "localService", true));
        stored.put("b", shared("b", "localService", true));
        ServiceGroupHost host = host(group(stored.get("a")), List.of("a", "b"), ServiceGroupHost.withEventLog(spec -> {
            boolean on = spec.platform().windows().eventLog();
            eventLogs.add("open " + spec.name() + (on ? " on" : " off"));
            return new EventLog() {
                @Override
                public void report(Type type, int eventId, String message) {
                }

                @Override
                public void close() {
                    eventLogs.add("close " + spec.name() + (on ? " on" : " off"));
                }
            };
        }, (spec, eventLog) -> reporter -> standIn(spec, reporter)));
        start(host, "a");
        start(host, "b");
        machines.get("a").ready();
        assertEquals(List.of("open a on", "open b on"), eventLogs, "open while the runs go on");
        sessions.get("a").control(SERVICE_CONTROL_STOP);
        assertEquals(List.of("open a on", "open b on", "close a on"), eventLogs, "a's run ended, b's goes on");

        stored.put("a", shared("a", "localService", false)); // install turned eventLog off and restarts a
        start(host, "a");
        machines.get("a").ready();
        sessions.get("a").control(SERVICE_CONTROL_STOP);
        assertEquals(List.of("open a on", "open b on", "close a on", "open a off", "close a off"), eventLogs,
                "the second start follows the spec as it is then, not as it was when the process started");
    }

    @Test
    void aMemberWhoseStoredSpecCannotBeReadIsInTheTableAndItsStartFailsWithTheReason(@TempDir Path dir)
            throws Exception {
        ServiceSpec a = shared("a", "localService");
        Files.writeString(dir.resolve("a.yaml"), SpecWriter.write(a), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.yaml"), "name: [", StandardCharsets.UTF_8);
        ServiceGroupHost host = new ServiceGroupHost(group(a), ServiceGroupHost.installed(dir, group(a)),
                name -> ServiceGroupHost.load(dir, name), spec -> reporter -> {
                    throw new AssertionError("no host for " + spec.name());
                }, (name, message) -> unusable.add(name + ": " + message));
        assertEquals(0, start(host, "b"), "in the table, not a bare 1083");
        ServiceHostStateMachine.Status last = reports.get("b").get(reports.get("b").size() - 1);
        assertEquals(SERVICE_STOPPED, last.state());
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, last.win32ExitCode());
        assertEquals(ServiceGroupHost.UNUSABLE_SPEC_EXIT_CODE, last.serviceSpecificExitCode());
        assertEquals(1, unusable.size(), unusable.toString());
        assertTrue(unusable.get(0).startsWith("b: cannot read the installed spec of b"), unusable.get(0));

        Files.writeString(dir.resolve("a.yaml"), "name: [", StandardCharsets.UTF_8);
        assertEquals(List.of("a", "b"), ServiceGroupHost.installed(dir, group(a)),
                "with no readable member the table still has every name, so the host reaches the SCM");
    }

    @Test
    void eachStartRunsTheStoredSpecAsItIsThenAndOneThatLeftTheGroupFailsAlone() {
        ServiceGroupHost host = host(List.of(shared("a", "localService"), shared("b", "localService")));
        start(host, "a");
        start(host, "b");
        machines.get("a").ready();
        machines.get("b").ready();
        sessions.get("a").control(SERVICE_CONTROL_STOP);
        stored.put("a", shared("a", "localService").toBuilder().args("--v2").build()); // install changed it
        start(host, "a");
        assertEquals("start a [--v2]", programs.get(programs.size() - 1), "the spec as installed now, not at the"
                + " process's start");
        sessions.get("a").control(SERVICE_CONTROL_STOP);

        stored.put("a", shared("a", "networkService")); // another token: another group, another binary path
        start(host, "a");
        ServiceHostStateMachine.Status last = reports.get("a").get(reports.get("a").size() - 1);
        assertEquals(SERVICE_STOPPED, last.state());
        assertEquals(ERROR_SERVICE_SPECIFIC_ERROR, last.win32ExitCode());
        assertEquals(ServiceGroupHost.UNUSABLE_SPEC_EXIT_CODE, last.serviceSpecificExitCode());
        stored.remove("a");
        start(host, "a");
        assertEquals(ServiceGroupHost.UNUSABLE_SPEC_EXIT_CODE,
                reports.get("a").get(reports.get("a").size() - 1).serviceSpecificExitCode());
        assertEquals(SERVICE_RUNNING, state("b"), "b is untouched by a's failed starts");
        assertEquals(2, unusable.size(), "each failed start says why: " + unusable);
        assertTrue(unusable.get(0).contains("no longer in service group"), unusable.get(0));
    }
}
