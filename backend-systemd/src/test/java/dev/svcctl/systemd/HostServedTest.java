package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.state.Health;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.ReadyState;
import dev.svcctl.state.StateFile;
import dev.svcctl.state.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Services the shared host serves (supervisor: auto with health checks, probe readiness or rotated file logs)
 * against the fake systemd: what install writes and drives, what uninstall removes, what status merges.
 */
class HostServedTest {
    private static final LogsSpec ROTATED = new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.empty(),
            Optional.of(new RotateSpec(OptionalLong.of(1024), RotateEvery.NONE, 5, true, OptionalLong.empty())));
    private Fixture host;

    @BeforeEach
    void setUp() throws Exception {
        host = new Fixture();
        host.executable("/usr/bin/app");
    }

    private static ServiceSpec served(String name) {
        return ServiceSpec.builder(name, "/usr/bin/app").logs(ROTATED)
                .healthCheck(new HealthCheckSpec(HealthCheckSpec.Kind.EXEC, "", List.of("/bin/true"),
                        Duration.ofSeconds(10), Duration.ofSeconds(1), 3, Duration.ZERO)).build();
    }

    private Path file(String hostPath) {
        return host.files.resolve(hostPath);
    }

    private List<InstallResult> install(ServiceSpec... specs) throws BackendException {
        return host.backend().install(List.of(specs), InstallOptions.DEFAULT);
    }

    @Test
    void installWritesTheProgramsUnitItsFifoSocketsAndTheHostThenStartsSocketsHostAndProgramInThatOrder()
            throws Exception {
        List<InstallResult> results = install(served("web"));

        assertEquals(Action.CREATED, results.get(0).action());
        String unit = Files.readString(host.unitFile("web"));
        assertTrue(unit.contains("\nExecStart=\"/usr/bin/app\"\n"), "the program is the unit's main process: " + unit);
        assertTrue(unit.contains("\nRequires=svcctl-log-web-stdout.socket\nRequires=svcctl-log-web-stderr.socket\n"
                + "Wants=svcctl-host.service\n"), unit);
        assertTrue(unit.contains("\nStandardOutput=file:/run/svcctl/log/web.stdout\n"
                + "StandardError=file:/run/svcctl/log/web.stderr\n"), unit);
        assertTrue(Files.readString(file("/etc/systemd/system/svcctl-log-web-stdout.socket"))
                .contains("\nListenFIFO=/run/svcctl/log/web.stdout\nSocketMode=0600\nRemoveOnStop=yes\nPipeSize=1M\n"
                        + "Service=svcctl-log-web.service\n"), "output wakes the wake unit, not the host itself");
        String wake = Files.readString(file("/etc/systemd/system/svcctl-log-web.service"));
        assertTrue(wake.contains("\nWants=svcctl-host.service\nPartOf=svcctl-host.service\n\n[Service]\n"
                + "Type=oneshot\nRemainAfterExit=yes\n"
                + "ExecStart=/bin/true\n"), wake);
        assertFalse(wake.contains("[Install]"), "started by its sockets only");
        assertTrue(Files.readString(file("/etc/systemd/system/svcctl-host.service"))
                .contains("\nExecStart=\"/usr/bin/svcctl\" \"host\"\n"));
        Path copy = file("/etc/svcctl/services/web.yaml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)),
                "the host reads the spec copy as root");

        List<List<String>> calls = host.systemd.systemctlCalls();
        List<String> order = calls.stream().filter(c -> !c.get(1).equals("show")).map(c -> String.join(" ",
                c.subList(1, c.size()))).toList();
        assertEquals(List.of("reenable web.service svcctl-log-web-stdout.socket svcctl-log-web-stderr.socket",
                "start svcctl-log-web-stdout.socket svcctl-log-web-stderr.socket",
                "reload-or-restart svcctl-host.service", "start web.service"), order);
        assertTrue(Files.readString(file("/etc/systemd/system/svcctl-log-web-stdout.socket"))
                .endsWith("\n[Install]\nWantedBy=sockets.target\n"), "the FIFOs listen from boot on");
        assertTrue(host.systemd.pid("svcctl-host.service") > 0);
        assertTrue(host.systemd.pid("web.service") > 0);

        host.systemd.commands.clear();
        List<InstallResult> again = install(served("web"));
        assertEquals(Action.UNCHANGED, again.get(0).action());
        assertEquals(List.of("show"), host.systemd.actions(), "a second install of the same spec does nothing");
    }

    @Test
    void theSecondServiceSharesTheHostUnitAndAnUnchangedHostUnitIsNotRewritten() throws Exception {
        install(served("a"));
        Path hostUnit = file("/etc/systemd/system/svcctl-host.service");
        String text = Files.readString(hostUnit);
        host.systemd.commands.clear();

        assertEquals(Action.CREATED, install(served("b")).get(0).action());

        assertEquals(text, Files.readString(hostUnit));
        List<String> order = host.systemd.systemctlCalls().stream().filter(c -> !c.get(1).equals("show"))
                .map(c -> String.join(" ", c.subList(1, c.size()))).toList();
        // The sockets' service is b's wake unit, which is not active: they start while the host runs.
        assertEquals(List.of("reenable b.service svcctl-log-b-stdout.socket svcctl-log-b-stderr.socket",
                "start svcctl-log-b-stdout.socket svcctl-log-b-stderr.socket",
                "reload-or-restart svcctl-host.service", "start b.service"), order);
        assertTrue(host.systemd.pid("svcctl-host.service") > 0);
    }

    @Test
    void otherServicesWhoseOutputWokeTheHostDoNotHinderTheSocketsOfANewOneAndTheHostIsNeverStopped()
            throws Exception {
        install(served("a"));
        long hostPid = host.systemd.pid("svcctl-host.service");
        // a's output arrived while the host was down once: its wake unit ran and stays active.
        host.systemd.run(List.of("systemctl", "start", "svcctl-log-a.service"), Duration.ofSeconds(1));
        host.systemd.commands.clear();

        install(served("b"));
        install(served("c"));

        assertFalse(host.systemd.systemctlCalls().stream().anyMatch(c -> c.get(1).equals("stop")),
                host.systemd.verbs().toString());
        assertEquals(hostPid, host.systemd.pid("svcctl-host.service"), "the host only read the specs again");
        assertTrue(host.systemd.pid("svcctl-log-b-stdout.socket") > 0);
        assertTrue(host.systemd.pid("c.service") > 0);
    }

    @Test
    void aSocketThatCannotStartFailsTheInstallBeforeItsProgramStarts() throws Exception {
        install(served("a"));
        host.systemd.notReady.put("svcctl-log-b-stdout.socket", "resources");

        BackendException e = assertThrows(BackendException.class, () -> install(served("b")));

        assertTrue(e.getMessage().startsWith("the units are installed, but the log FIFOs of"
                + " svcctl-log-b-stdout.socket did not open ("), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("journalctl -u svcctl-log-b-stdout.socket"), e.hint().toString());
        assertEquals(0, host.systemd.pid("b.service"), "the program is not started without its FIFOs");
    }

    @Test
    void aHostUnitRemovedByHandIsWrittenAgainWithoutRestartingTheProgram() throws Exception {
        install(served("web"));
        long program = host.systemd.pid("web.service");
        Files.delete(file("/etc/systemd/system/svcctl-host.service"));

        InstallResult result = install(served("web")).get(0);

        assertEquals(Action.UPDATED, result.action());
        assertEquals(Optional.of("wrote the shared host's unit /etc/systemd/system/svcctl-host.service"),
                result.note());
        assertTrue(Files.exists(file("/etc/systemd/system/svcctl-host.service")));
        assertEquals(program, host.systemd.pid("web.service"));
    }

    @Test
    void aForeignHostUnitIsNeverOverwrittenNotEvenWithForce() throws Exception {
        Path hostUnit = file("/etc/systemd/system/svcctl-host.service");
        Files.createDirectories(hostUnit.getParent());
        Files.writeString(hostUnit, "[Service]\nExecStart=/bin/mine\n");

        BackendException e = assertThrows(BackendException.class, () -> host.backend().install(
                List.of(served("web")), new InstallOptions(false, false, false, true, false, Optional.empty())));

        assertTrue(e.getMessage().contains("svcctl-host.service is someone else's file"), e.getMessage());
        assertEquals("[Service]\nExecStart=/bin/mine\n", Files.readString(hostUnit));
        assertFalse(Files.exists(host.unitFile("web")), "nothing is written");
    }

    @Test
    void uninstallStopsAndRemovesTheSocketsTellsTheHostAndRemovesItWithTheLastService() throws Exception {
        install(served("a"), served("b"));
        host.systemd.commands.clear();

        host.backend().uninstall(List.of("a"), InstallOptions.DEFAULT);

        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-log-a-stdout.socket")));
        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-log-a-stderr.socket")));
        assertTrue(Files.exists(file("/etc/systemd/system/svcctl-host.service")), "b still needs it");
        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-log-a.service")));
        assertTrue(host.systemd.systemctlCalls().contains(List.of("systemctl", "stop",
                "svcctl-log-a-stdout.socket", "svcctl-log-a-stderr.socket", "svcctl-log-a.service")));
        assertTrue(host.systemd.systemctlCalls().contains(List.of("systemctl", "disable", "a.service",
                "svcctl-log-a-stdout.socket", "svcctl-log-a-stderr.socket")), "the wake unit has no links");
        assertEquals("try-reload-or-restart", host.systemd.verbs().get(host.systemd.verbs().size() - 1));

        host.backend().uninstall(List.of("b"), InstallOptions.DEFAULT);

        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-host.service")));
        assertEquals(0, host.systemd.pid("svcctl-host.service"), "the host stopped");
        assertEquals(List.of(), new ManagedUnits(host.host(), false).names());
    }

    @Test
    void underRootTheHostUnitIsWrittenOnceAndGoesWithTheLastService() throws Exception {
        Path tree = host.root.resolve("image");
        InstallOptions root = new InstallOptions(false, false, false, false, false, Optional.of(tree));
        host.backend().install(List.of(served("a"), served("b")), root);
        Path hostUnit = tree.resolve("etc/systemd/system/svcctl-host.service");
        assertTrue(Files.exists(hostUnit));
        assertTrue(Files.exists(tree.resolve("etc/systemd/system/svcctl-log-a-stdout.socket")));
        assertTrue(Files.exists(tree.resolve("etc/systemd/system/svcctl-log-a.service")));
        // As systemctl enable makes them: the FIFOs listen from boot on.
        Path socketLink = tree.resolve("etc/systemd/system/sockets.target.wants/svcctl-log-a-stdout.socket");
        assertEquals(Path.of("/etc/systemd/system/svcctl-log-a-stdout.socket"), Files.readSymbolicLink(socketLink));
        assertTrue(Files.isSymbolicLink(tree.resolve(
                "etc/systemd/system/sockets.target.wants/svcctl-log-b-stderr.socket")));
        assertTrue(Files.isSymbolicLink(tree.resolve("etc/systemd/system/multi-user.target.wants/a.service")));
        assertEquals(List.of(), host.systemd.systemctlCalls(), "--root runs nothing");

        host.backend().uninstall(List.of("a"), root);
        assertTrue(Files.exists(hostUnit), "b still needs it");
        assertFalse(Files.exists(socketLink, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a's links go with it");
        assertTrue(Files.isSymbolicLink(tree.resolve(
                "etc/systemd/system/sockets.target.wants/svcctl-log-b-stderr.socket")), "b's stay");
        assertFalse(Files.exists(tree.resolve("etc/systemd/system/svcctl-log-a-stdout.socket")));
        assertFalse(Files.exists(tree.resolve("etc/systemd/system/svcctl-log-a.service")));

        host.backend().uninstall(List.of("b"), root);
        assertFalse(Files.exists(hostUnit));
        assertFalse(Files.exists(tree.resolve("etc/systemd/system/sockets.target.wants")), "no empty link directory");
    }

    /** served(name) with its stderr to the journal: only stdout goes through a FIFO. */
    private static ServiceSpec stderrToJournal(String name) {
        LogsSpec logs = new LogsSpec(LogTarget.FILE, LogTarget.JOURNAL, ROTATED.dir(), ROTATED.rotate());
        return ServiceSpec.builder(name, "/usr/bin/app").logs(logs)
                .healthCheck(served(name).healthCheck().get()).build();
    }

    @Test
    void aStreamNoLongerRoutedLeavesNoLinkToItsSocketUnit() throws Exception {
        install(served("web"));
        // as 'systemctl enable' linked the two socket units (the fake systemd keeps enablement in memory)
        Path wants = file("/etc/systemd/system/sockets.target.wants");
        Files.createDirectories(wants);
        for (String stream : List.of("stdout", "stderr")) {
            Files.createSymbolicLink(wants.resolve("svcctl-log-web-" + stream + ".socket"),
                    Path.of("/etc/systemd/system/svcctl-log-web-" + stream + ".socket"));
        }

        install(stderrToJournal("web"));

        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-log-web-stderr.socket")));
        assertFalse(Files.exists(wants.resolve("svcctl-log-web-stderr.socket"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "no dangling link to the dropped socket unit");
        assertTrue(Files.isSymbolicLink(wants.resolve("svcctl-log-web-stdout.socket")), "the routed stream's stays");
    }

    @Test
    void underRootAStreamNoLongerRoutedLeavesNoLinkToItsSocketUnit() throws Exception {
        Path tree = host.root.resolve("image");
        InstallOptions root = new InstallOptions(false, false, false, false, false, Optional.of(tree));
        host.backend().install(List.of(served("web")), root);
        Path wants = tree.resolve("etc/systemd/system/sockets.target.wants");
        assertTrue(Files.isSymbolicLink(wants.resolve("svcctl-log-web-stderr.socket")));

        host.backend().install(List.of(stderrToJournal("web")), root);

        assertFalse(Files.exists(tree.resolve("etc/systemd/system/svcctl-log-web-stderr.socket")));
        assertFalse(Files.exists(wants.resolve("svcctl-log-web-stderr.socket"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "no dangling link to the dropped socket unit");
        assertTrue(Files.isSymbolicLink(wants.resolve("svcctl-log-web-stdout.socket")), "the routed stream's stays");
        assertEquals(List.of(), host.systemd.systemctlCalls(), "--root runs nothing");
    }

    @Test
    void uninstallRemovesALinkLeftToASocketUnitThatIsGone() throws Exception {
        install(stderrToJournal("web"));
        // left by an earlier svcctl's re-install that dropped the stream
        Path wants = file("/etc/systemd/system/sockets.target.wants");
        Files.createDirectories(wants);
        Path left = wants.resolve("svcctl-log-web-stderr.socket");
        Files.createSymbolicLink(left, Path.of("/etc/systemd/system/svcctl-log-web-stderr.socket"));
        Path foreign = wants.resolve("other.socket");
        Files.createSymbolicLink(foreign, Path.of("/etc/systemd/system/other.socket"));

        host.backend().uninstall(List.of("web"), InstallOptions.DEFAULT);

        assertFalse(Files.exists(left, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(foreign), "a link svcctl did not make stays");
    }

    @Test
    void aStartFindsItsFifosListeningEvenWhenSomeoneStoppedThemWhileTheHostRuns() throws Exception {
        install(served("web"));
        host.backend().stop(List.of("web"), false);
        // Its output had woken the host once: the wake unit stays active, and systemd refuses the socket's start.
        host.systemd.run(List.of("systemctl", "start", "svcctl-log-web.service"), Duration.ofSeconds(1));
        host.systemd.run(List.of("systemctl", "stop", "svcctl-log-web-stdout.socket"), Duration.ofSeconds(1));
        host.systemd.commands.clear();

        host.backend().start(List.of("web"), false);

        List<String> order = host.systemd.systemctlCalls().stream().filter(c -> !c.get(1).equals("show"))
                .map(c -> String.join(" ", c.subList(1, c.size()))).toList();
        assertEquals(List.of("stop svcctl-log-web.service", "start svcctl-log-web-stdout.socket",
                "reload-or-restart svcctl-host.service", "start web.service"), order);

        host.systemd.commands.clear();
        host.backend().restart(List.of("web"), false);
        assertEquals(List.of("show", "restart", "show"), host.systemd.actions(), "listening FIFOs: nothing more");
    }

    @Test
    void theHostUnitIsNoServiceOfItsOwn() throws Exception {
        install(served("web"));
        assertEquals(List.of("/etc/systemd/system/web.service", "/etc/svcctl/services/web.yaml",
                "/etc/systemd/system/svcctl-log-web-stdout.socket", "/etc/systemd/system/svcctl-log-web-stderr.socket",
                "/etc/systemd/system/svcctl-log-web.service"),
                host.backend().installedFiles("web", false).stream().map(a -> a.installPath()).toList(),
                "svcctl cat shows the service's own files");

        assertEquals(List.of("web"), new ManagedUnits(host.host(), false).names());
        assertEquals(List.of("web"), host.backend().list(false).stream().map(ServiceStatus::name).toList());
    }

    @Test
    void aServiceThatLeavesTheHostLosesItsSocketsAndARunningHostHearsOfIt() throws Exception {
        install(served("web"));
        host.systemd.commands.clear();

        ServiceSpec chosen = ServiceSpec.builder("web", "/usr/bin/app").logs(ROTATED)
                .supervisor(SupervisorMode.SVCCTL).build();
        install(chosen);

        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-log-web-stdout.socket")));
        assertTrue(Files.readString(host.unitFile("web")).contains("\"run\" \"--name\" \"web\""));
        assertTrue(host.systemd.verbs().contains("try-reload-or-restart"));
        assertTrue(host.systemd.systemctlCalls().contains(List.of("systemctl", "stop",
                "svcctl-log-web-stdout.socket", "svcctl-log-web-stderr.socket", "svcctl-log-web.service")));
        assertFalse(Files.exists(file("/etc/systemd/system/svcctl-log-web.service")));
    }

    @Test
    void statusShowsTheProgramAsSystemdRunsItWithTheHealthAndRestartsOfTheRunningHost() throws Exception {
        install(served("web"));
        long hostPid = host.systemd.pid("svcctl-host.service");
        long program = host.systemd.pid("web.service");
        writeMonitor("web", hostPid);

        ServiceStatus status = host.backend().status(List.of("web"), false).get(0);

        assertEquals(ServiceState.RUNNING, status.state());
        assertEquals(OptionalLong.of(program), status.pid(), "systemd's MainPID: the program");
        assertEquals(Optional.of("unhealthy"), status.health());
        assertEquals(2, status.restarts().getAsInt(), "systemd's 0 and the host's 2");

        writeMonitor("web", hostPid + 1);
        ServiceStatus stale = host.backend().status(List.of("web"), false).get(0);
        assertEquals(Optional.empty(), stale.health(), "a file of another host is not believed");
        assertEquals(0, stale.restarts().getAsInt());
    }

    private void writeMonitor(String name, long hostPid) throws Exception {
        Path file = host.files.resolve(SvcctlPaths.current().stateFiles(name, Scope.SYSTEM).get(0).toString());
        new StateFile(file).write(new SupervisorState(name, hostPid, OptionalLong.empty(), ProgramState.RUNNING,
                Instant.parse("2026-12-07T08:00:00Z"), 2, Optional.empty(), Health.UNHEALTHY, ReadyState.READY,
                Optional.empty(), Optional.empty(), Optional.empty(), true));
    }
}
