package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** uninstall, start/stop/restart/reload, status and list against the fake systemd. */
class OperationsTest {
    private Fixture host;

    @BeforeEach
    void setUp() throws Exception {
        host = new Fixture();
        host.executable("/usr/bin/app");
    }

    private void install(ServiceSpec... specs) throws BackendException {
        host.backend().install(List.of(specs), InstallOptions.DEFAULT);
        host.systemd.commands.clear();
    }

    private static ServiceSpec spec(String name) {
        return ServiceSpec.builder(name, "/usr/bin/app").build();
    }

    private Path handWritten(String name) throws Exception {
        Path unit = host.unitFile(name);
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/bin/sleep 1000\n");
        host.systemd.bootWith(name + ".service", false);
        return unit;
    }

    @Test
    void statusReadsEveryFieldAndAllNamesWithOneShowCall() throws Exception {
        install(spec("a"), spec("b"));

        List<ServiceStatus> statuses = host.backend().status(List.of("a", "b", "missing"), false);

        assertEquals(List.of(List.of("systemctl", "show", "--timestamp=us+utc", "--property="
                + String.join(",", Systemctl.STATUS_PROPERTIES), "a.service", "b.service", "missing.service")),
                host.systemd.systemctlCalls());
        ServiceStatus a = statuses.get(0);
        assertEquals(ServiceState.RUNNING, a.state());
        assertEquals("systemd", a.backend());
        assertEquals(host.systemd.pid("a.service"), a.pid().getAsLong());
        assertEquals(Optional.of(Instant.parse("2025-11-21T04:40:00Z")), a.since());
        assertEquals(0, a.restarts().getAsInt());
        assertEquals(Optional.of(true), a.enabled());
        assertEquals(4096, a.memoryBytes().getAsLong());
        assertFalse(a.drift());
        assertEquals(ServiceState.NOT_INSTALLED, statuses.get(2).state());
    }

    private void writeState(String name, long supervisorPid, OptionalLong pid, ProgramState state) throws Exception {
        Path file = host.files.resolve(SvcctlPaths.current().stateFiles(name, Scope.SYSTEM).get(0).toString());
        new StateFile(file).write(new SupervisorState(name, supervisorPid, pid, state,
                Instant.parse("2026-12-07T08:00:00Z"), 3, Optional.of(new SupervisorState.Exit(137, Optional.of("KILL"),
                Instant.parse("2026-12-07T07:59:59Z"))), Health.UNHEALTHY, ReadyState.READY, Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void aSupervisedServiceShowsItsProgramFromTheStateFileOfTheUnitsMainProcess() throws Exception {
        install(ServiceSpec.builder("sup", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL).build(), spec("plain"));
        long supervisor = host.systemd.pid("sup.service");
        writeState("sup", supervisor, OptionalLong.of(supervisor + 1000), ProgramState.BACKOFF);
        writeState("plain", host.systemd.pid("plain.service"), OptionalLong.of(5), ProgramState.RUNNING);

        List<ServiceStatus> statuses = host.backend().status(List.of("sup", "plain"), false);

        ServiceStatus sup = statuses.get(0);
        assertEquals(ServiceState.RESTARTING, sup.state());
        assertEquals(OptionalLong.of(supervisor + 1000), sup.pid());
        assertEquals(OptionalLong.of(supervisor), sup.supervisorPid());
        assertEquals(3, sup.restarts().getAsInt(), "the unit's 0 restarts plus the program's 3");
        assertEquals(Optional.of(new ServiceStatus.LastExit(OptionalInt.of(137), Optional.of("KILL"))), sup.lastExit());
        assertEquals(Optional.of("unhealthy"), sup.health());
        assertEquals(Optional.of("ready"), sup.readiness());
        assertEquals(OptionalLong.empty(), statuses.get(1).supervisorPid(), "not supervised: no spec copy");
        assertEquals(Optional.empty(), statuses.get(1).health());

        writeState("sup", supervisor + 1, OptionalLong.of(7), ProgramState.FAILED);
        ServiceStatus stale = host.backend().status(List.of("sup"), false).get(0);
        assertEquals(ServiceState.RUNNING, stale.state(), "a file another supervisor wrote is not believed");
        assertEquals(OptionalLong.of(supervisor), stale.pid());
        assertEquals(OptionalLong.empty(), stale.supervisorPid());
    }

    @Test
    void aHandEditShowsAsDrift() throws Exception {
        install(spec("a"));
        Path unit = host.unitFile("a");
        Files.writeString(unit, Files.readString(unit) + "Nice=5\n");

        assertTrue(host.backend().status(List.of("a"), false).get(0).drift());
    }

    @Test
    void aFailedServiceShowsItsLastExit() throws Exception {
        host.systemd.crashOnStart.add("a.service");
        host.backend().install(List.of(spec("a")), InstallOptions.DEFAULT);

        ServiceStatus a = host.backend().status(List.of("a"), false).get(0);

        assertEquals(ServiceState.FAILED, a.state());
        assertEquals(1, a.lastExit().orElseThrow().code().getAsInt());
    }

    @Test
    void listShowsOnlyWhatSvcctlManages() throws Exception {
        install(spec("b"), spec("a"));
        handWritten("manual");

        List<ServiceStatus> list = host.backend().list(false);

        assertEquals(List.of("a", "b"), list.stream().map(ServiceStatus::name).toList());
        assertEquals(1, host.systemd.verbs().size());
    }

    @Test
    void uninstallStopsDisablesRemovesAndReloads() throws Exception {
        install(spec("a"), spec("keep"));
        Path link = host.files.resolve("/etc/systemd/system/multi-user.target.wants/a.service");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of("/etc/systemd/system/a.service"));

        host.backend().uninstall(List.of("a"), InstallOptions.DEFAULT);

        assertEquals(List.of("show", "stop", "disable", "daemon-reload", "reset-failed"), host.systemd.verbs());
        assertFalse(Files.exists(host.unitFile("a")));
        assertFalse(Files.exists(host.files.resolve("/etc/svcctl/services/a.yaml")));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, host.systemd.pid("a.service"));
        assertTrue(Files.exists(host.unitFile("keep")));
        assertEquals(ServiceState.NOT_INSTALLED, host.backend().status(List.of("a"), false).get(0).state());
    }

    @Test
    void uninstallOfWhatIsNotInstalledExits4() throws Exception {
        BackendException e = assertThrows(BackendException.class,
                () -> host.backend().uninstall(List.of("ghost"), InstallOptions.DEFAULT));

        assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
        assertTrue(e.getMessage().contains("ghost is not installed"), e.getMessage());
    }

    @Test
    void aHandWrittenUnitIsNeverStoppedOrRemoved() throws Exception {
        Path unit = handWritten("manual");
        long pid = host.systemd.pid("manual.service");

        for (var operation : List.<ThrowingRunnable>of(
                () -> host.backend().uninstall(List.of("manual"), InstallOptions.DEFAULT),
                () -> host.backend().stop(List.of("manual"), false),
                () -> host.backend().restart(List.of("manual"), false))) {
            BackendException e = assertThrows(BackendException.class, operation::run);
            assertEquals(ExitCode.FAILED, e.exitCode());
            assertTrue(e.getMessage().contains(unit + " was not written by svcctl"), e.getMessage());
        }
        assertTrue(Files.exists(unit));
        assertEquals(pid, host.systemd.pid("manual.service"));
        assertEquals(List.of("show", "show", "show"), host.systemd.verbs());
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aFailedStartExits1WithTheStateAndTheLastJournalLines() throws Exception {
        host.backend().install(List.of(spec("a")), new InstallOptions(false, true, false, false, false, Optional.empty()));
        host.systemd.crashOnStart.add("a.service");

        BackendException e = assertThrows(BackendException.class, () -> host.backend().start(List.of("a"), false));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("a did not start: it is failed (last exit: code 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void startStopAndRestartWaitAndReportNothingWhenAllIsWell() throws Exception {
        install(spec("a"));
        host.backend().stop(List.of("a"), false);
        assertEquals(0, host.systemd.pid("a.service"));
        host.backend().start(List.of("a"), false);
        long pid = host.systemd.pid("a.service");
        host.backend().restart(List.of("a"), false);
        assertTrue(host.systemd.pid("a.service") > pid);
    }

    @Test
    void reloadNeedsAReloadSignalInTheSpec() throws Exception {
        install(spec("plain"), ServiceSpec.builder("hup", "/usr/bin/app").reloadSignal(Signal.HUP).build());

        host.backend().reload(List.of("hup"), false);
        BackendException e = assertThrows(BackendException.class, () -> host.backend().reload(List.of("plain"), false));

        assertTrue(e.getMessage().contains("plain: its spec has no reload signal"), e.getMessage());
        assertTrue(e.hint().orElse("").contains("reload"));
    }

    @Test
    void namesThatAreNoServiceNamesAreUsageErrorsAndReachNoSystemctl() {
        for (String name : List.of("web.service", "a b", "-x", "../etc")) {
            BackendException e = assertThrows(BackendException.class, () -> host.backend().status(List.of(name), false));
            assertEquals(ExitCode.USAGE, e.exitCode(), name);
        }
        assertTrue(host.systemd.commands.isEmpty());
    }

    @Test
    void operationsOnAMissingServiceExit4() {
        BackendException e = assertThrows(BackendException.class, () -> host.backend().start(List.of("ghost"), false));
        assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
    }

    @Test
    void uninstallUnderARootRemovesTheUnitAndItsLinksAndCallsNothing() throws Exception {
        Path dir = host.root.resolve("image");
        Files.createDirectories(dir.resolve("usr/bin"));
        Files.copy(host.files.resolve("/usr/bin/app"), dir.resolve("usr/bin/app"));
        InstallOptions rooted = new InstallOptions(false, false, false, false, false, Optional.of(dir));
        host.backend().install(List.of(spec("a")), rooted);

        host.backend().uninstall(List.of("a"), rooted);

        assertFalse(Files.exists(dir.resolve("etc/systemd/system/a.service")));
        assertFalse(Files.exists(dir.resolve("etc/svcctl/services/a.yaml")));
        assertFalse(Files.exists(dir.resolve("etc/systemd/system/multi-user.target.wants")));
        assertTrue(host.systemd.commands.isEmpty());
    }
}
