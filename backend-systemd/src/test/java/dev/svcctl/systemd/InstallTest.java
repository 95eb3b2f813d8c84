package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;
import dev.svcctl.spec.Startup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstallTest {
    private Fixture host;

    @BeforeEach
    void setUp() throws Exception {
        host = new Fixture();
        host.executable("/usr/bin/app");
    }

    private static ServiceSpec spec(String name, String... args) {
        return ServiceSpec.builder(name, "/usr/bin/app").args(args).build();
    }

    private static InstallOptions options(boolean dryRun, boolean noStart, boolean noRestart, boolean force) {
        return new InstallOptions(dryRun, noStart, noRestart, force, false, Optional.empty());
    }

    private List<InstallResult> install(ServiceSpec... specs) throws BackendException {
        return host.backend().install(List.of(specs), InstallOptions.DEFAULT);
    }

    @Test
    void aLauncherThatWouldNotLastIsRefusedForSupervisedServicesUnlessChosenWithSvcctlPath() throws Exception {
        host.launcher = "/work/svcctl/dist/target/svcctl-1.0/bin/svcctl";
        ServiceSpec supervised = ServiceSpec.builder("sup", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL).build();

        BackendException e = assertThrows(BackendException.class, () -> install(supervised));

        assertEquals("sup: the unit would run svcctl from /work/svcctl/dist/target/svcctl-1.0/bin/svcctl, but it is"
                + " inside a build tree (a Maven target/ directory), which 'mvn clean' deletes (hint: install svcctl"
                + " (its .deb or archive) and run that svcctl, or give --svcctl-path with a launcher that stays)",
                e.getMessage());
        assertFalse(Files.exists(host.unitFile("sup")));
        install(ServiceSpec.builder("plain", "/usr/bin/app").build());
        assertTrue(Files.exists(host.unitFile("plain")), "a unit that runs the program names no launcher");

        host.backend().install(List.of(supervised), new InstallOptions(false, false, false, false, false,
                Optional.empty(), Optional.of("/opt/svcctl/bin/svcctl")));
        assertTrue(Files.readString(host.unitFile("sup")).contains("ExecStart=\"/opt/svcctl/bin/svcctl\" \"run\""));
    }

    @Test
    void aChangedUnitThatIsNeitherEnabledNorDisabledIsLoadedByADaemonReload() throws Exception {
        install(ServiceSpec.builder("m", "/usr/bin/app").startup(Startup.MANUAL).build());
        host.systemd.commands.clear();

        install(ServiceSpec.builder("m", "/usr/bin/app").args("-x").startup(Startup.MANUAL).build());

        assertEquals(List.of("show", "daemon-reload", "restart", "show"), host.systemd.actions());
    }

    @Test
    void createsTheUnitWithMode0644ReloadsOnceEnablesAndStarts() throws Exception {
        List<InstallResult> results = install(spec("web"));

        InstallResult web = results.get(0);
        assertEquals(Action.CREATED, web.action());
        assertEquals("/etc/systemd/system/web.service", web.location());
        assertEquals(Optional.of(ServiceState.RUNNING), web.state());
        Path unit = host.unitFile("web");
        assertTrue(Files.readString(unit).startsWith("# svcctl-managed spec="));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(unit)));
        // a first install: 'enable --now' links, reloads and starts in one call, as the direct route does
        assertEquals(List.of("show", "enable", "show"), host.systemd.actions());
        assertEquals(List.of("systemctl", "enable", "--now", "web.service"), host.systemd.systemctlCalls().get(1));
        assertTrue(host.systemd.enabled("web.service"));
        assertTrue(host.systemd.pid("web.service") > 0);
    }

    @Test
    void reinstallingTheSameSpecWritesNothingReloadsNothingAndKeepsTheProcess() throws Exception {
        install(spec("web"));
        long pid = host.systemd.pid("web.service");
        Object inode = Files.getAttribute(host.unitFile("web"), "unix:ino");
        host.systemd.commands.clear();

        InstallResult again = install(spec("web")).get(0);

        assertEquals(Action.UNCHANGED, again.action());
        assertEquals(inode, Files.getAttribute(host.unitFile("web"), "unix:ino"));
        assertEquals(List.of("show", "show"), host.systemd.verbs());
        assertEquals(pid, host.systemd.pid("web.service"));
    }

    @Test
    void aChangedSpecReplacesTheUnitAndRestartsTheRunningService() throws Exception {
        install(spec("web"));
        long pid = host.systemd.pid("web.service");
        host.systemd.commands.clear();

        InstallResult updated = install(spec("web", "--port", "81")).get(0);

        assertEquals(Action.UPDATED, updated.action());
        assertTrue(Files.readString(host.unitFile("web")).contains("\"--port\" \"81\""));
        assertEquals(List.of("show", "reenable", "restart", "show"), host.systemd.actions());
        assertNotEquals(pid, host.systemd.pid("web.service"));
    }

    @Test
    void noRestartLeavesTheRunningProcessAlone() throws Exception {
        install(spec("web"));
        long pid = host.systemd.pid("web.service");

        host.backend().install(List.of(spec("web", "-v")), options(false, false, true, false));

        assertEquals(pid, host.systemd.pid("web.service"));
        assertFalse(host.systemd.verbs().contains("restart"));
    }

    @Test
    void noStartInstallsWithoutStarting() throws Exception {
        InstallResult result = host.backend().install(List.of(spec("web")), options(false, true, false, false)).get(0);

        assertEquals(Optional.of(ServiceState.STOPPED), result.state());
        assertEquals(0, host.systemd.pid("web.service"));
        assertTrue(host.systemd.enabled("web.service"));
    }

    @Test
    void manualStartupIsNotEnabledButStartedAndDisabledIsNeither() throws Exception {
        install(ServiceSpec.builder("m", "/usr/bin/app").startup(Startup.MANUAL).build(),
                ServiceSpec.builder("d", "/usr/bin/app").startup(Startup.DISABLED).build());

        assertFalse(host.systemd.enabled("m.service"));
        assertTrue(host.systemd.pid("m.service") > 0);
        assertFalse(host.systemd.enabled("d.service"));
        assertEquals(0, host.systemd.pid("d.service"));
    }

    @Test
    void fiftyServicesCostAConstantNumberOfSystemctlCalls() throws Exception {
        ServiceSpec[] specs = IntStream.range(0, 50).mapToObj(i -> spec("svc" + i)).toArray(ServiceSpec[]::new);

        List<InstallResult> results = install(specs);

        assertEquals(50, results.size());
        assertTrue(results.stream().allMatch(r -> r.state().equals(Optional.of(ServiceState.RUNNING))));
        assertEquals(List.of("show", "enable", "show"), host.systemd.actions());
    }

    @Test
    void aStartSystemdRefusesFailsTheInstallNamingTheCauseAfterTheUnitsAreInPlace() throws Exception {
        host.systemd.refuseStart.add("db-client.service");

        BackendException e = assertThrows(BackendException.class, () -> install(spec("db-client")));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("the units are installed, but 'systemctl enable --now db-client.service' failed:"
                + " Failed to start db-client.service: Unit postgresql.service not found. (db-client is stopped)"),
                e.getMessage());
        assertTrue(Files.exists(host.unitFile("db-client")));
        assertTrue(host.systemd.enabled("db-client.service"));
    }

    @Test
    void anEnableThatFailsEndsAFirstInstallAtOnceWithSystemctlsErrorAndStartsNothing() throws Exception {
        host.systemd.refuseEnable.add("web.service");

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("'systemctl enable --now web.service' failed: Failed to enable unit: File /etc/systemd/system/"
                + "multi-user.target.wants/web.service already exists and is a symlink to /opt/other/web.service.",
                e.getMessage());
        // no settling on a unit that was never started, no "the units are installed, but"
        assertEquals(List.of("show", "enable"), host.systemd.verbs());
        assertFalse(host.systemd.enabled("web.service"));
        assertEquals(0, host.systemd.pid("web.service"));
    }

    @Test
    void aStartJobThatFailsInAFirstInstallIsReportedAfterTheStatesWithTheUnitEnabled() throws Exception {
        host.systemd.notReady.put("web.service", "exit-code");

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("the units are installed, but web did not start: it is failed"), e.getMessage());
        assertEquals(List.of("show", "enable", "show"), host.systemd.actions());
        assertTrue(host.systemd.enabled("web.service"));
    }

    @Test
    void aUnitSvcctlDidNotWriteIsNeverOverwritten() throws Exception {
        Path unit = host.unitFile("web");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/bin/true\n");

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains(unit.toString()), e.getMessage());
        assertTrue(e.hint().orElse("").contains("--force"));
        assertEquals("[Service]\nExecStart=/bin/true\n", Files.readString(unit));
        assertEquals(List.of("show"), host.systemd.verbs());
    }

    @Test
    void forceTakesOverAndKeepsABackupOfTheOldUnit() throws Exception {
        Path unit = host.unitFile("web");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/bin/true\n");

        InstallResult result = host.backend().install(List.of(spec("web")), options(false, false, false, true)).get(0);

        assertEquals(Action.UPDATED, result.action());
        assertTrue(result.note().orElse("").contains("web.service.svcctl-backup"));
        assertEquals("[Service]\nExecStart=/bin/true\n", Files.readString(unit.resolveSibling("web.service.svcctl-backup")));
        assertTrue(Files.readString(unit).startsWith("# svcctl-managed"));
    }

    @Test
    void aUnitOfTheSameNameElsewhereIsNotShadowedWithoutForce() throws Exception {
        host.systemd.foreignFragments.put("ssh.service", "/lib/systemd/system/ssh.service");

        BackendException e = assertThrows(BackendException.class, () -> install(spec("ssh")));

        assertTrue(e.getMessage().contains("/lib/systemd/system/ssh.service"), e.getMessage());
        assertFalse(Files.exists(host.unitFile("ssh")));
    }

    @Test
    void refusesToWriteThroughASymlink() throws Exception {
        Path elsewhere = host.root.resolve("elsewhere.service");
        Files.writeString(elsewhere, "x");
        Files.createDirectories(host.unitFile("web").getParent());
        Files.createSymbolicLink(host.unitFile("web"), elsewhere);

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertTrue(e.getMessage().contains("symbolic link to " + elsewhere), e.getMessage());
        assertTrue(e.getMessage().contains("'systemctl disable web' removes it"), e.getMessage());
        assertEquals("x", Files.readString(elsewhere));
    }

    @Test
    void aMaskedUnitIsNamedAsSuchWithTheCommandThatUnmasksIt() throws Exception {
        Files.createDirectories(host.unitFile("web").getParent());
        Files.createSymbolicLink(host.unitFile("web"), Path.of("/dev/null"));

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertTrue(e.getMessage().contains("web.service is masked"), e.getMessage());
        assertTrue(e.getMessage().contains("'systemctl unmask web'"), e.getMessage());
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(host.unitFile("web")));
    }

    @Test
    void uninstallAfterForceOverADistroUnitElsewherePutsBackItsEnablementAndStartsIt() throws Exception {
        host.systemd.foreignFragments.put("web.service", "/lib/systemd/system/web.service");
        host.systemd.enableForeign("web.service");
        BackendException refused = assertThrows(BackendException.class, () -> install(spec("web")));
        assertTrue(refused.getMessage().contains("already defined by /lib/systemd/system/web.service"));

        host.backend().install(List.of(spec("web")), options(false, false, false, true));
        host.systemd.commands.clear();
        List<String> restored = host.backend().uninstall(List.of("web"), InstallOptions.DEFAULT);

        assertEquals(1, restored.size(), restored.toString());
        assertTrue(restored.get(0).contains("web.service as it was before svcctl took it over (enabled"),
                restored.toString());
        List<String> verbs = host.systemd.verbs();
        assertTrue(verbs.indexOf("enable") > verbs.indexOf("daemon-reload"), verbs.toString());
        assertTrue(verbs.indexOf("start") > verbs.indexOf("enable"), verbs.toString());
    }

    @Test
    void aHandEditIsRepairedAndSaidSo() throws Exception {
        install(spec("web"));
        Path unit = host.unitFile("web");
        Files.writeString(unit, Files.readString(unit).replace("Restart=always", "Restart=no"));

        InstallResult result = install(spec("web")).get(0);

        assertEquals(Action.UPDATED, result.action());
        assertTrue(result.note().orElse("").contains("repaired hand edits"), result.note().toString());
        assertTrue(Files.readString(unit).contains("Restart=always"));
    }

    @Test
    void dryRunShowsAUnifiedDiffAndChangesNothing() throws Exception {
        install(spec("web"));
        String before = Files.readString(host.unitFile("web"));
        host.systemd.commands.clear();

        InstallResult result = host.backend().install(List.of(spec("web", "--debug")),
                options(true, false, false, false)).get(0);

        assertEquals(Action.UPDATED, result.action());
        String diff = result.diff().orElseThrow();
        assertTrue(diff.startsWith("--- /etc/systemd/system/web.service\n+++ /etc/systemd/system/web.service\n@@ "), diff);
        assertTrue(diff.contains("\n-ExecStart=\"/usr/bin/app\"\n+ExecStart=\"/usr/bin/app\" \"--debug\"\n"), diff);
        assertEquals(before, Files.readString(host.unitFile("web")));
        assertEquals(List.of("show"), host.systemd.verbs());
    }

    @Test
    void dryRunOfANewServiceDiffsAgainstDevNull() throws Exception {
        InstallResult result = host.backend().install(List.of(spec("web")), options(true, false, false, false)).get(0);

        assertEquals(Action.CREATED, result.action());
        assertTrue(result.diff().orElseThrow().startsWith("--- /dev/null\n+++ /etc/systemd/system/web.service\n"));
        assertFalse(Files.exists(host.unitFile("web")));
    }

    @Test
    void theDirectoriesOfLogFilesAreCreatedBecauseSystemdOpensThemFirst() throws Exception {
        install(ServiceSpec.builder("f", "/usr/bin/app").logs(new dev.svcctl.spec.LogsSpec(dev.svcctl.spec.LogTarget.FILE,
                dev.svcctl.spec.LogTarget.FILE, Optional.empty(), Optional.empty())).build());

        assertTrue(Files.isDirectory(host.files.resolve("/var/log/svcctl/f")));
    }

    @Test
    void theInstalledSpecIsCopiedForSvcctlRunAndAMissingCopyIsRewritten() throws Exception {
        host.executable("/bin/tool");
        install(ServiceSpec.builder("t", "tool").args("x").supervisor(SupervisorMode.SVCCTL).build());
        Path copy = host.files.resolve("/etc/svcctl/services/t.yaml");

        ServiceSpec read = dev.svcctl.spec.SpecLoader.load(copy).spec();

        assertEquals(ServiceSpec.builder("t", "/bin/tool").args("x").supervisor(SupervisorMode.SVCCTL).build(), read,
                "exec as resolved");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)),
                "it holds env's values: private");
        long pid = host.systemd.pid("t.service");
        Files.delete(copy);
        host.systemd.commands.clear();

        InstallResult again = install(ServiceSpec.builder("t", "tool").args("x").supervisor(SupervisorMode.SVCCTL)
                .build()).get(0);

        assertEquals(Action.UPDATED, again.action());
        assertTrue(again.note().orElse("").contains("rewrote the spec copy"), again.note().toString());
        assertTrue(Files.exists(copy));
        assertEquals(List.of("show", "reenable", "restart", "show"), host.systemd.actions());
        assertNotEquals(pid, host.systemd.pid("t.service"));
    }

    @Test
    void aBareExecIsResolvedOnPath() throws Exception {
        host.executable("/bin/tool");

        install(ServiceSpec.builder("t", "tool").build());

        assertTrue(Files.readString(host.unitFile("t")).contains("ExecStart=\"/bin/tool\""));
    }

    @Test
    void aBareExecNotOnPathIsAClearError() {
        BackendException e = assertThrows(BackendException.class,
                () -> install(ServiceSpec.builder("t", "no-such-tool").build()));
        assertTrue(e.getMessage().contains("'no-such-tool' is not found on PATH"), e.getMessage());
    }

    @Test
    void eachAccountIsLookedUpOncePerInstall() throws Exception {
        host.accounts = new dev.svcctl.os.GetentAccounts(host.systemd);
        host.systemd.knownUsers.add("app");
        ServiceSpec[] specs = IntStream.range(0, 5).mapToObj(i -> ServiceSpec.builder("s" + i, "/usr/bin/app")
                .user("app").group("app").build()).toArray(ServiceSpec[]::new);

        install(specs);

        assertEquals(List.of(List.of("getent", "passwd", "app"), List.of("getent", "group", "app")),
                host.systemd.commands.stream().filter(c -> c.get(0).equals("getent")).toList());
    }

    @Test
    void aMissingUserOrGroupIsAClearErrorAndNothingIsWritten() {
        BackendException e = assertThrows(BackendException.class, () -> install(spec("ok"),
                ServiceSpec.builder("web", "/usr/bin/app").user("nobody-here").group("nogroup-here").build()));

        assertTrue(e.getMessage().contains("the user 'nobody-here' does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("the group 'nogroup-here' does not exist"), e.getMessage());
        assertFalse(Files.exists(host.unitFile("ok")));
    }

    @Test
    void aSystemInstallAsAnOrdinaryUserExits77WithAHint() {
        host.superuser = false;

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertEquals(ExitCode.PERMISSION_DENIED, e.exitCode());
        assertTrue(e.hint().orElse("").contains("sudo") && e.hint().get().contains("--user"));
        assertTrue(host.systemd.commands.isEmpty());
    }

    @Test
    void aHostWithoutSystemdExits69WithAHint() throws Exception {
        Files.delete(host.files.resolve("/run/systemd/system"));

        BackendException e = assertThrows(BackendException.class, () -> install(spec("web")));

        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.hint().orElse("").contains("--root") && e.hint().get().contains("render"));
    }

    @Test
    void userScopeWritesUnderTheHomeAndTalksToTheUserManager() throws Exception {
        host.superuser = false;

        InstallResult result = host.backend().install(List.of(spec("agent")),
                new InstallOptions(false, false, false, false, true, Optional.empty())).get(0);

        assertEquals("~/.config/systemd/user/agent.service", result.location());
        String unit = Files.readString(host.files.resolve("~/.config/systemd/user/agent.service"));
        assertTrue(unit.contains("WantedBy=default.target"));
        assertTrue(host.systemd.systemctlCalls().stream().allMatch(c -> c.get(1).equals("--user")));
        assertTrue(host.systemd.enabled("agent.service"));
    }

    @Test
    void specScopeUserIsHonouredWithoutTheFlag() throws Exception {
        install(ServiceSpec.builder("agent", "/usr/bin/app").scope(Scope.USER).build());

        assertTrue(Files.exists(host.files.resolve("~/.config/systemd/user/agent.service")));
        assertTrue(host.systemd.systemctlCalls().stream().allMatch(c -> c.get(1).equals("--user")));
    }

    @Test
    void rootWritesTheUnitAndItsEnablementLinksAndCallsNothing() throws Exception {
        Path dir = host.root.resolve("image");
        Files.createDirectories(dir.resolve("usr/bin"));
        Files.copy(host.files.resolve("/usr/bin/app"), dir.resolve("usr/bin/app"));
        host.superuser = false;
        Files.delete(host.files.resolve("/run/systemd/system"));

        List<InstallResult> results = host.backend().install(
                List.of(spec("web"), ServiceSpec.builder("m", "/usr/bin/app").startup(Startup.MANUAL).build()),
                new InstallOptions(false, false, false, false, false, Optional.of(dir)));

        assertEquals(Action.CREATED, results.get(0).action());
        assertTrue(Files.readString(dir.resolve("etc/systemd/system/web.service")).startsWith("# svcctl-managed"));
        Path link = dir.resolve("etc/systemd/system/multi-user.target.wants/web.service");
        assertEquals(Path.of("/etc/systemd/system/web.service"), Files.readSymbolicLink(link));
        assertFalse(Files.exists(dir.resolve("etc/svcctl/services/web.yaml")), "no copy: systemd runs web itself");
        assertTrue(Files.exists(dir.resolve("etc/systemd/system/m.service")));
        assertFalse(Files.exists(dir.resolve("etc/systemd/system/multi-user.target.wants/m.service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(host.systemd.commands.isEmpty());
    }

    @Test
    void rootWithALinkedUnitDirectoryPointingOutsideWritesNothingOutsideTheRoot() throws Exception {
        Path dir = host.root.resolve("image-linked");
        Path outside = Files.createDirectories(host.root.resolve("outside"));
        Files.createDirectories(dir.resolve("etc/systemd"));
        Files.createSymbolicLink(dir.resolve("etc/systemd/system"), outside);
        Files.createSymbolicLink(dir.resolve("etc/svcctl"), outside);
        ServiceSpec supervised = ServiceSpec.builder("web", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL).build();

        host.backend().install(List.of(supervised),
                new InstallOptions(false, false, false, false, false, Optional.of(dir)));

        try (var written = Files.list(outside)) {
            assertEquals(List.of(), written.toList(), "nothing written outside the root");
        }
        // systemctl --root reads an absolute link as a path inside the root, and so does svcctl.
        Path inside = dir.resolve(outside.toString().substring(1));
        assertTrue(Files.isRegularFile(inside.resolve("web.service")));
        assertTrue(Files.isRegularFile(inside.resolve("services/web.yaml")));
        assertTrue(Files.isSymbolicLink(inside.resolve("multi-user.target.wants/web.service")));
    }

    @Test
    void rootWithUserScopeLinksIntoDefaultTarget() throws Exception {
        Path dir = host.root.resolve("image");
        Files.createDirectories(dir.resolve("usr/bin"));
        Files.copy(host.files.resolve("/usr/bin/app"), dir.resolve("usr/bin/app"));

        host.backend().install(List.of(spec("agent")),
                new InstallOptions(false, false, false, false, true, Optional.of(dir)));

        Path link = dir.resolve(".config/systemd/user/default.target.wants/agent.service");
        assertEquals(Path.of("../agent.service"), Files.readSymbolicLink(link));
        assertTrue(Files.exists(link));
        assertTrue(host.systemd.commands.isEmpty());
    }

    @Test
    void anInterruptedInstallIsCompletedOnTheNextRun() throws Exception {
        install(spec("web"));
        long pid = host.systemd.pid("web.service");
        // As if svcctl was killed right after renaming the new unit into place, before daemon-reload.
        String updated = Files.readString(host.unitFile("web"));
        install(spec("web", "-x"));
        String newUnit = Files.readString(host.unitFile("web"));
        host.systemd.commands.clear();
        Files.writeString(host.unitFile("web"), updated);
        host.systemd.run(List.of("systemctl", "daemon-reload"), null);
        Files.writeString(host.unitFile("web"), newUnit);
        host.systemd.commands.clear();

        InstallResult result = install(spec("web", "-x")).get(0);

        assertEquals(Action.UPDATED, result.action());
        assertTrue(result.note().orElse("").contains("had not loaded"), result.note().toString());
        assertEquals(List.of("show", "reenable", "restart", "show"), host.systemd.actions());
        assertNotEquals(pid, host.systemd.pid("web.service"));
    }

    @Test
    void aProgramStillRunningTheOldUnitIsRestartedByTheNextInstall() throws Exception {
        install(spec("web"));
        long pid = host.systemd.pid("web.service");
        Thread.sleep(20);
        // As if svcctl was killed after writing the new unit and daemon-reload, before the restart.
        String v2 = host.backend().render(spec("web", "-x"), new dev.svcctl.backend.RenderOptions("/usr/bin/svcctl",
                false)).artifacts().get(0).content();
        Files.writeString(host.unitFile("web"), v2);
        host.systemd.run(List.of("systemctl", "daemon-reload"), null);
        host.systemd.commands.clear();

        InstallResult result = install(spec("web", "-x")).get(0);

        assertEquals(Action.UPDATED, result.action());
        assertTrue(result.note().orElse("").contains("predates"), result.note().toString());
        assertEquals(List.of("show", "reenable", "restart", "show"), host.systemd.actions());
        assertNotEquals(pid, host.systemd.pid("web.service"));
        assertEquals(Action.UNCHANGED, install(spec("web", "-x")).get(0).action());
    }

    @Test
    void staleTemporariesOfAKilledInstallAreRemoved() throws Exception {
        Path unit = host.unitFile("web");
        Files.createDirectories(unit.getParent());
        Path stale = unit.resolveSibling(".web.service.svcctl-tmp-4242");
        Files.writeString(stale, "# half");

        install(spec("web"));

        assertFalse(Files.exists(stale));
        List<String> left = new ArrayList<>();
        try (var s = Files.list(unit.getParent())) {
            s.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertTrue(left.stream().noneMatch(n -> n.contains("svcctl-tmp")), left.toString());
    }
}
