package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.MemoryArtifactFiles;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import dev.svcctl.windows.scm.InMemoryScm;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.scm.ScmException;
import dev.svcctl.windows.scm.ServiceConfig;
import dev.svcctl.windows.scm.ServiceHandle;
import dev.svcctl.windows.scm.ServiceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The backend's operations against the in-memory SCM model (whose behaviour ScmConformanceTest checks on Wine). */
class WindowsBackendOperationsTest {
    private final InMemoryScm scm = new InMemoryScm();
    private final MemoryArtifactFiles files = new MemoryArtifactFiles();
    private final Map<String, String> environment = new HashMap<>();
    private final WindowsBackend backend = new WindowsBackend(() -> scm, root -> memoryStore(), environment::get,
            d -> { });

    private ArtifactFiles memoryStore() {
        return files;
    }

    private static ServiceSpec.Builder web() {
        return ServiceSpec.builder("web", "C:\\web\\web.exe").args("--port", "8080");
    }

    private static PlatformSpec account(String account, String passwordEnv) {
        return new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(account,
                Optional.ofNullable(passwordEnv), PlatformSpec.FailureActions.AUTO, Optional.empty(), true),
                PlatformSpec.Launchd.DEFAULT);
    }

    private InstallResult install(ServiceSpec spec) throws BackendException {
        return install(spec, InstallOptions.DEFAULT);
    }

    private InstallResult install(ServiceSpec spec, InstallOptions options) throws BackendException {
        return backend.install(List.of(spec), options).get(0);
    }

    private ServiceConfig config(String name) throws ScmException {
        try (ServiceManager m = scm.connect(Scm.Access.ALL); ServiceHandle h = m.open(name, Scm.Access.ALL)) {
            return h.queryConfig();
        }
    }

    @Test
    void installCreatesMarksStoresTheSpecAndStarts() throws Exception {
        InstallResult result = install(web().build());
        assertEquals(InstallResult.Action.CREATED, result.action());
        // plan, register, then start (install starts once every service is registered)
        assertEquals(List.of("connect all", "open web", "connect all", "create web", "mark web", "connect all",
                "open web", "start web"), scm.calls());
        assertEquals(Optional.of(dev.svcctl.windows.scm.ServiceState.State.RUNNING), scm.state("web"));
        assertTrue(files.text(WindowsPaths.specFile("web")).orElseThrow().startsWith("# svcctl-managed"));
        ServiceConfig c = config("web");
        assertEquals(WindowsBackendRenderTest.DEFAULT_BINARY_PATH, c.binaryPath());
        assertEquals("LocalSystem", c.account());
        assertEquals(java.util.OptionalLong.of(40_000), c.preshutdownTimeoutMs(),
                "stop.timeout + 10 s, not the system's default (finding 6 of issue #16)");
    }

    private static PlatformSpec eventLog(boolean on) {
        return new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows("LocalSystem", Optional.empty(),
                PlatformSpec.FailureActions.AUTO, Optional.empty(), on), PlatformSpec.Launchd.DEFAULT);
    }

    @Test
    void theEventSourceIsRegisteredWithTheServiceFollowsTheSettingAndGoesAtUninstall() throws Exception {
        install(web().build());
        assertEquals(Optional.of(new InMemoryScm.EventSource(
                "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll", true)),
                scm.eventSource("web"));
        install(web().platform(eventLog(false)).build());
        assertEquals(Optional.empty(), scm.eventSource("web"));
        install(web().platform(eventLog(true)).build());
        assertTrue(scm.eventSource("web").isPresent());
        backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        assertEquals(Optional.empty(), scm.eventSource("web"));
    }

    @Test
    void anEventSourceSvcctlDidNotRegisterIsNeitherChangedNorRemoved() throws Exception {
        scm.installForeignEventSource("web", "C:\\web\\messages.dll");
        InMemoryScm.EventSource theirs = scm.eventSource("web").orElseThrow();
        install(web().build());
        assertEquals(Optional.of(theirs), scm.eventSource("web"));
        backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        assertEquals(Optional.of(theirs), scm.eventSource("web"));
    }

    @Test
    void installingTheSameSpecAgainChangesNothing() throws Exception {
        install(web().build());
        int before = scm.calls().size();
        assertEquals(InstallResult.Action.UNCHANGED, install(web().build()).action());
        assertFalse(scm.calls().subList(before, scm.calls().size()).stream()
                .anyMatch(c -> c.startsWith("change") || c.startsWith("create") || c.startsWith("stop")));
    }

    @Test
    void hardeningIsAppliedToScmReadBackAndAReinstallIsUnchangedUntilSomeoneChangesIt() throws Exception {
        ServiceSpec strict = web().hardening(dev.svcctl.spec.Hardening.STRICT).build();
        assertEquals(InstallResult.Action.CREATED, install(web().build()).action());
        String diff = install(strict, new InstallOptions(true, false, false, false, false, Optional.empty()))
                .diff().orElseThrow();
        assertTrue(diff.contains("\n-serviceSidType: none\n+serviceSidType: restricted\n"
                + "+requiredPrivilege: SeChangeNotifyPrivilege\n"), diff);

        assertEquals(InstallResult.Action.UPDATED, install(strict).action());
        ServiceConfig c = config("web");
        assertEquals(ScmRegistration.SidType.RESTRICTED, c.sidType());
        assertEquals(List.of("SeChangeNotifyPrivilege"), c.requiredPrivileges());

        int before = scm.calls().size();
        assertEquals(InstallResult.Action.UNCHANGED, install(strict).action());
        assertFalse(scm.calls().subList(before, scm.calls().size()).stream().anyMatch(x -> x.startsWith("change")));
        assertFalse(backend.status(List.of("web"), false).get(0).drift());

        // sc.exe privs web SeChangeNotifyPrivilege/SeDebugPrivilege, then sc.exe sidtype web unrestricted.
        try (ServiceManager m = scm.connect(Scm.Access.ALL); ServiceHandle h = m.open("web", Scm.Access.ALL)) {
            h.changeConfig(new ServiceConfig(c.name(), c.displayName(), c.binaryPath(), c.startType(),
                    c.delayedAutoStart(), c.account(), c.dependencies(), c.description(), c.failureActions(),
                    c.preshutdownTimeoutMs(), ScmRegistration.SidType.UNRESTRICTED,
                    List.of("SeChangeNotifyPrivilege", "SeDebugPrivilege")), Optional.empty());
        }
        assertTrue(backend.status(List.of("web"), false).get(0).drift(), "a changed SID type is drift");
        InstallResult repaired = install(strict);
        assertEquals(InstallResult.Action.UPDATED, repaired.action());
        assertTrue(repaired.note().orElseThrow().contains("serviceSidType")
                && repaired.note().orElseThrow().contains("requiredPrivilege"), repaired.note().toString());
        assertEquals(List.of("SeChangeNotifyPrivilege"), config("web").requiredPrivileges());

        // Back to none: the SID type and the list are cleared, and that too is stable.
        install(web().build());
        assertEquals(ScmRegistration.SidType.NONE, config("web").sidType());
        assertEquals(List.of(), config("web").requiredPrivileges());
        assertEquals(InstallResult.Action.UNCHANGED, install(web().build()).action());
    }

    @Test
    void anUpdateChangesTheServiceInPlaceAndRestartsIt() throws Exception {
        install(web().build());
        ServiceSpec changed = web().startup(Startup.DELAYED).dependsOn(List.of("postgresql"))
                .description("Web front end").platform(account("virtual", null)).build();
        String diff = install(changed, new InstallOptions(true, false, false, false, false, Optional.empty()))
                .diff().orElseThrow();
        assertTrue(diff.contains("\n-description: \n+description: Web front end\n"), diff);
        assertTrue(diff.contains("\n-delayedAutoStart: false\n") && diff.contains("\n+delayedAutoStart: true\n"), diff);
        InstallResult result = install(changed);
        List<String> calls = scm.calls();
        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertEquals(Optional.empty(), result.diff(), "only a dry run shows the diff");
        ServiceConfig c = config("web");
        assertTrue(c.delayedAutoStart());
        assertEquals(List.of("postgresql"), c.dependencies());
        assertEquals("NT SERVICE\\web", c.account());
        assertEquals(ScmRegistration.SidType.UNRESTRICTED, c.sidType());
        assertEquals("Web front end", c.description());
        assertEquals(1, calls.stream().filter(x -> x.equals("create web")).count(), "never re-created");
        assertTrue(calls.containsAll(List.of("change web", "stop web")));
        assertEquals("start web", calls.get(calls.size() - 1));
    }

    @Test
    void aServiceChangedOutsideSvcctlIsDriftThatInstallRepairs() throws Exception {
        install(web().build());
        assertFalse(backend.status(List.of("web"), false).get(0).drift());
        ServiceConfig installed = config("web");
        try (ServiceManager m = scm.connect(Scm.Access.ALL); ServiceHandle h = m.open("web", Scm.Access.ALL)) {
            h.changeConfig(new ServiceConfig("web", "web", installed.binaryPath(), ScmRegistration.StartType.DEMAND,
                    false, installed.account(), installed.dependencies(), installed.description(),
                    installed.failureActions(), installed.preshutdownTimeoutMs(), installed.sidType(),
                    installed.requiredPrivileges()), Optional.empty());
        }
        assertTrue(backend.status(List.of("web"), false).get(0).drift(), "sc.exe config web start= demand is drift");

        InstallResult repaired = install(web().build());
        assertEquals(InstallResult.Action.UPDATED, repaired.action());
        assertTrue(repaired.note().orElseThrow().contains("repaired SCM service web"), repaired.note().toString());
        assertTrue(repaired.note().orElseThrow().contains("startType"), repaired.note().toString());
        assertEquals(installed, config("web"));
        assertFalse(backend.status(List.of("web"), false).get(0).drift());

        files.put(WindowsPaths.specFile("web"), files.text(WindowsPaths.specFile("web")).orElseThrow() + "# edited\n");
        assertTrue(backend.status(List.of("web"), false).get(0).drift(), "a hand edit of the stored spec is drift");
    }

    /**
     * Finding 7 of issue #16: "no failure actions" must clear the old ones, or SCM keeps them, every later install
     * sees a difference, reports updated and restarts the service.
     */
    @Test
    void turningFailureActionsOffClearsThemSoTheNextInstallIsUnchanged() throws Exception {
        install(web().build());
        assertFalse(config("web").failureActions().actions().isEmpty());
        ServiceSpec none = web().platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                "LocalSystem", Optional.empty(), PlatformSpec.FailureActions.NONE, Optional.empty(), true),
                PlatformSpec.Launchd.DEFAULT)).build();
        assertEquals(InstallResult.Action.UPDATED, install(none).action());
        assertEquals(ScmRegistration.FailureActions.NONE, config("web").failureActions());

        int before = scm.calls().size();
        assertEquals(InstallResult.Action.UNCHANGED, install(none).action());
        assertFalse(scm.calls().subList(before, scm.calls().size()).contains("stop web"), scm.calls().toString());
    }

    /** A run-command step's command is cleared with the actions, so the next install is unchanged (finding 7). */
    @Test
    void aRunCommandAndRebootSetIsAppliedAndClearedWithItsCommand() throws Exception {
        ServiceSpec steps = web().platform(new PlatformSpec(PlatformSpec.Systemd.NONE,
                PlatformSpec.Windows.DEFAULT.withFailureSteps(List.of(
                        new PlatformSpec.FailureStep(PlatformSpec.FailureAction.RUN, Duration.ofSeconds(30),
                                Optional.of("C:\\ops\\notify.cmd")),
                        new PlatformSpec.FailureStep(PlatformSpec.FailureAction.REBOOT, Duration.ofMinutes(5),
                                Optional.empty())), Optional.of(Duration.ofDays(1))),
                PlatformSpec.Launchd.DEFAULT)).build();
        install(steps);
        ScmRegistration.FailureActions applied = config("web").failureActions();
        assertEquals(List.of(new ScmRegistration.Action(ScmRegistration.Action.Type.RUN_COMMAND, 30_000),
                new ScmRegistration.Action(ScmRegistration.Action.Type.REBOOT, 300_000)), applied.actions());
        assertEquals(86_400, applied.resetPeriodSeconds());
        assertEquals("C:\\ops\\notify.cmd", applied.command());
        assertEquals(InstallResult.Action.UNCHANGED, install(steps).action());

        ServiceSpec none = web().platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                "LocalSystem", Optional.empty(), PlatformSpec.FailureActions.NONE, Optional.empty(), true),
                PlatformSpec.Launchd.DEFAULT)).build();
        assertEquals(InstallResult.Action.UPDATED, install(none).action());
        assertEquals(ScmRegistration.FailureActions.NONE, config("web").failureActions());
        assertEquals(InstallResult.Action.UNCHANGED, install(none).action());
    }

    @Test
    void noRestartLeavesARunningServiceAlone() throws Exception {
        install(web().build());
        install(web().description("changed").build(),
                new InstallOptions(false, false, true, false, false, Optional.empty()));
        assertFalse(scm.calls().contains("stop web"));
    }

    @Test
    void aServiceSvcctlDidNotCreateIsNeverTouchedWithoutForce() throws Exception {
        scm.installForeign(new ServiceConfig("web", "Theirs", "C:\\theirs.exe",
                ScmRegistration.StartType.DEMAND, false, "LocalSystem", List.of(), "", ScmRegistration.FailureActions.NONE,
                java.util.OptionalLong.empty(), ScmRegistration.SidType.NONE, List.of()));
        BackendException e = assertThrows(BackendException.class, () -> install(web().build()));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("not created by svcctl"), e.getMessage());
        assertEquals("Theirs", config("web").displayName());
        assertThrows(BackendException.class, () -> backend.uninstall(List.of("web"), InstallOptions.DEFAULT));
        assertThrows(BackendException.class, () -> backend.stop(List.of("web"), false));
        assertTrue(scm.exists("web"));

        InstallResult forced = install(web().build(), new InstallOptions(false, false, false, true, false,
                Optional.empty()));
        assertEquals(InstallResult.Action.UPDATED, forced.action());
        assertTrue(files.text(WindowsPaths.scmBackupFile("web")).orElseThrow().contains("\ndisplayName: Theirs\n"));
        assertEquals("web", config("web").displayName());

        List<String> restored = backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        assertEquals(1, restored.size(), restored.toString());
        assertEquals("Theirs", config("web").displayName(), "the old configuration is back");
        assertEquals(ScmRegistration.StartType.DEMAND, config("web").startType());
        assertFalse(scm.calls().contains("delete web"), "a service svcctl did not create is never deleted");
        assertThrows(BackendException.class, () -> backend.stop(List.of("web"), false), "and it is not svcctl's");
        assertTrue(files.text(WindowsPaths.scmBackupFile("web")).isEmpty());
    }

    @Test
    void anUnreadableKeptConfigurationStopsUninstallBeforeItTouchesTheService() throws Exception {
        scm.installForeign(ScmReplayConfigs.foreign("web"));
        install(web().build(), new InstallOptions(false, false, false, true, false, Optional.empty()));
        files.put(WindowsPaths.scmBackupFile("web"), "serviceName: web\n");
        BackendException e = assertThrows(BackendException.class,
                () -> backend.uninstall(List.of("web"), InstallOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith("cannot read the configuration kept in"), e.getMessage());
        assertEquals(Optional.of(dev.svcctl.windows.scm.ServiceState.State.RUNNING), scm.state("web"));
        assertEquals("web", config("web").displayName());
    }

    @Test
    void userAccountsTakeThePasswordFromTheEnvironmentAndGetTheLogonRight() throws Exception {
        ServiceSpec spec = web().platform(account("CORP\\svc-web", "WEB_PW")).build();
        BackendException missing = assertThrows(BackendException.class, () -> install(spec));
        assertTrue(missing.getMessage().contains("WEB_PW"));
        assertFalse(scm.exists("web"));

        environment.put("WEB_PW", "s3cret-Passw0rd");
        assertEquals(InstallResult.Action.CREATED, install(spec).action());
        assertEquals(java.util.Set.of("CORP\\svc-web"), scm.logonRights());
        assertFalse(files.texts().values().stream().anyMatch(f -> f.contains("s3cret")), "never written to disk");
    }

    /**
     * Finding 2 of issue #16: a bare local user is {@code .\\someuser} for CreateService, but LookupAccountName (for
     * the logon right) does not resolve "."; its failure used to delete the new service again.
     */
    @Test
    void aBareLocalUserIsDotBackslashForScmButLooksUpWithoutTheDot() throws Exception {
        environment.put("SOME_PW", "pw");
        assertEquals(InstallResult.Action.CREATED, install(web().platform(account("someuser", "SOME_PW")).build())
                .action());
        assertEquals(java.util.Set.of("someuser"), scm.logonRights());
        assertEquals(".\\someuser", config("web").account());
    }

    /** Finding 1 of issue #16: without the right the first start fails with 1069 (logon failure). */
    @Test
    void aGroupManagedServiceAccountGetsTheLogonRightWithoutAPassword() throws Exception {
        assertEquals(InstallResult.Action.CREATED, install(web().platform(account("CORP\\web-gmsa$", null)).build())
                .action());
        assertEquals(java.util.Set.of("CORP\\web-gmsa$"), scm.logonRights());
        assertEquals("CORP\\web-gmsa$", config("web").account());
    }

    @Test
    void uninstallStopsFirstDeletesAndKeepsLogs() throws Exception {
        install(web().build());
        files.put(WindowsPaths.logDirectory("web") + "\\stdout.log", "kept");
        backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        List<String> calls = scm.calls();
        assertTrue(calls.indexOf("stop web") < calls.indexOf("delete web"));
        assertFalse(scm.exists("web"));
        assertFalse(files.texts().containsKey(WindowsPaths.specFile("web")));
        assertTrue(files.texts().containsKey(WindowsPaths.logDirectory("web") + "\\stdout.log"));

        BackendException again = assertThrows(BackendException.class,
                () -> backend.uninstall(List.of("web"), InstallOptions.DEFAULT));
        assertEquals(ExitCode.NOT_INSTALLED, again.exitCode());
    }

    @Test
    void withoutElevationTheUserIsToldToElevate() {
        InMemoryScm plain = new InMemoryScm().notElevated();
        WindowsBackend b = new WindowsBackend(() -> plain, root -> memoryStore(), environment::get, d -> { });
        BackendException e = assertThrows(BackendException.class,
                () -> b.install(List.of(web().build()), InstallOptions.DEFAULT));
        assertEquals(ExitCode.PERMISSION_DENIED, e.exitCode());
        assertTrue(e.hint().orElseThrow().contains("elevated prompt"));
    }

    @Test
    void aServiceMarkedForDeletionCannotBeReinstalledUntilItIsGone() throws Exception {
        install(web().build());
        try (ServiceManager m = scm.connect(Scm.Access.ALL); ServiceHandle holder = m.open("web", Scm.Access.ALL)) {
            holder.delete();
            BackendException e = assertThrows(BackendException.class,
                    () -> install(web().description("new").build()));
            assertTrue(e.getMessage().contains("marked for deletion"), e.getMessage());
            holder.stop();
        }
        assertFalse(scm.exists("web"));
    }

    @Test
    void statusReportsStatesAndTheHostsGiveUpCode() throws Exception {
        assertEquals(ServiceState.NOT_INSTALLED, backend.status(List.of("web"), false).get(0).state());
        install(web().build());
        ServiceStatus running = backend.status(List.of("web"), false).get(0);
        assertEquals(ServiceState.RUNNING, running.state());
        assertTrue(running.pid().isPresent());
        backend.stop(List.of("web"), false);
        assertEquals(ServiceState.STOPPED, backend.status(List.of("web"), false).get(0).state());
        backend.start(List.of("web"), false);
        backend.start(List.of("web"), false);
        scm.programEnded("web", ScmOperations.ERROR_SERVICE_SPECIFIC_ERROR, 3);
        ServiceStatus failed = backend.status(List.of("web"), false).get(0);
        assertEquals(ServiceState.FAILED, failed.state());
        assertEquals(3, failed.lastExit().orElseThrow().code().getAsInt());
        backend.stop(List.of("web"), false);
    }

    /** Finding 5 of issue #16. */
    @Test
    void aHostThatStopsWithItsOwnErrorStaysStoppedInsteadOfBeingRestartedByFailureActions() throws Exception {
        install(web().build());
        assertFalse(config("web").failureActions().actions().isEmpty(), "restart: always has failure actions");

        // The host reports STOPPED with ERROR_SERVICE_SPECIFIC_ERROR when it cannot start the program at all.
        scm.hostReportedStopped("web", ScmOperations.ERROR_SERVICE_SPECIFIC_ERROR, 2);

        assertEquals(Optional.of(dev.svcctl.windows.scm.ServiceState.State.STOPPED), scm.state("web"));
        assertFalse(scm.calls().contains("failure-action restart web"), scm.calls().toString());
        ServiceStatus failed = backend.status(List.of("web"), false).get(0);
        assertEquals(ServiceState.FAILED, failed.state());
        assertEquals(2, failed.lastExit().orElseThrow().code().getAsInt());
    }

    @Test
    void statusShowsTheProgramFromTheStateFileTheServiceHostWrites() throws Exception {
        Path programData = java.nio.file.Files.createDirectories(Path.of("target", "test-work", "programdata")
                .toAbsolutePath());
        environment.put("ProgramData", programData.toString());
        // Where WindowsServiceHost.settings puts it for the same environment.
        Path stateFile = dev.svcctl.windows.host.WindowsServiceHost.settings(web().build(), environment).stateFile()
                .orElseThrow();
        java.nio.file.Files.deleteIfExists(stateFile);
        install(web().build());
        ServiceStatus unsupervised = backend.status(List.of("web"), false).get(0);
        assertEquals(java.util.OptionalLong.empty(), unsupervised.supervisorPid(), "no state file yet");
        long host = unsupervised.pid().getAsLong();
        java.time.Instant since = java.time.Instant.parse("2026-12-07T08:00:00Z");
        new dev.svcctl.state.StateFile(stateFile).write(new dev.svcctl.state.SupervisorState("web", host,
                java.util.OptionalLong.of(host + 10), dev.svcctl.state.ProgramState.BACKOFF, since, 2,
                Optional.of(new dev.svcctl.state.SupervisorState.Exit(3, Optional.empty(), since)),
                dev.svcctl.state.Health.NONE, dev.svcctl.state.ReadyState.NONE, Optional.empty(), Optional.empty(),
                Optional.empty()));

        ServiceStatus status = backend.status(List.of("web"), false).get(0);

        assertEquals(ServiceState.RESTARTING, status.state());
        assertEquals(java.util.OptionalLong.of(host + 10), status.pid());
        assertEquals(java.util.OptionalLong.of(host), status.supervisorPid());
        assertEquals(2, status.restarts().getAsInt());
        assertEquals(3, status.lastExit().orElseThrow().code().getAsInt());
        assertEquals(Optional.of("none"), status.health());
        new dev.svcctl.state.StateFile(stateFile).write(new dev.svcctl.state.SupervisorState("web", host + 1,
                java.util.OptionalLong.of(host + 10), dev.svcctl.state.ProgramState.FAILED, since, 2, Optional.empty(),
                dev.svcctl.state.Health.NONE, dev.svcctl.state.ReadyState.NONE, Optional.empty(), Optional.empty(),
                Optional.empty()));
        ServiceStatus stale = backend.status(List.of("web"), false).get(0);
        assertEquals(ServiceState.RUNNING, stale.state(), "a file another host process wrote is not believed");
        assertEquals(java.util.OptionalLong.of(host), stale.pid());
        assertEquals(java.util.OptionalLong.empty(), stale.supervisorPid());
    }

    /**
     * Finding 12 of issue #16: a stop while the host is still START_PENDING (waiting for readiness) gets 1061 from
     * ControlService; restart and uninstall wait for the start to settle first, as long as the start wait hint.
     */
    @Test
    void restartAndUninstallWaitForAPendingStartInsteadOfFailingWith1061() throws Exception {
        install(web().build());
        scm.startsSlowly("web", 5);
        backend.restart(List.of("web"), false);
        assertEquals(Optional.of(dev.svcctl.windows.scm.ServiceState.State.START_PENDING), scm.state("web"));

        backend.restart(List.of("web"), false);
        List<String> calls = scm.calls();
        assertEquals(List.of("stop web", "start web"), calls.subList(calls.size() - 2, calls.size()));

        backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        assertFalse(scm.exists("web"));
    }

    @Test
    void aStartThatNeverSettlesFailsTheStopWithinTheStartWaitHint() throws Exception {
        install(web().build());
        scm.startsSlowly("web", Integer.MAX_VALUE);
        backend.restart(List.of("web"), false);
        BackendException e = assertThrows(BackendException.class, () -> backend.stop(List.of("web"), false));
        assertTrue(e.getMessage().contains("still starting"), e.getMessage());
        assertEquals(Optional.of(dev.svcctl.windows.scm.ServiceState.State.START_PENDING), scm.state("web"));
    }

    @Test
    void restartStopsThenStarts() throws Exception {
        install(web().build());
        backend.restart(List.of("web"), false);
        List<String> calls = scm.calls();
        assertEquals(List.of("stop web", "start web"), calls.subList(calls.size() - 2, calls.size()));
        assertEquals(Optional.of(dev.svcctl.windows.scm.ServiceState.State.RUNNING), scm.state("web"));
    }

    @Test
    void listShowsOnlyServicesSvcctlCreated() throws Exception {
        scm.installForeign(ScmReplayConfigs.foreign("Spooler"));
        install(web().build());
        install(ServiceSpec.builder("api", "C:\\api.exe").build(),
                new InstallOptions(false, true, false, false, false, Optional.empty()));
        List<ServiceStatus> list = backend.list(false);
        assertEquals(List.of("web", "api"), list.stream().map(ServiceStatus::name).toList());
        assertEquals(ServiceState.STOPPED, list.get(1).state());
    }

    @Test
    void dryRunAndRootCallNothing() throws Exception {
        install(web().build(), new InstallOptions(true, false, false, false, false, Optional.empty()));
        assertFalse(scm.exists("web"));
        WindowsBackend packaging = new WindowsBackend(() -> {
            throw new AssertionError("no SCM with --root");
        }, root -> memoryStore(), environment::get, d -> { });
        InstallResult r = packaging.install(List.of(web().build()), new InstallOptions(false, false, false, false,
                false, Optional.of(Path.of("target/root")))).get(0);
        assertEquals(InstallResult.Action.CREATED, r.action());
        assertTrue(files.texts().containsKey(WindowsPaths.specFile("web")));
        packaging.uninstall(List.of("web"), new InstallOptions(false, false, false, false, false,
                Optional.of(Path.of("target/root"))));
        assertTrue(files.texts().isEmpty(), files.texts().toString());
    }

    @Test
    void aRootKeepsEveryFileInsideItEvenThroughALinkThatPointsOutside() throws Exception {
        Path base = java.nio.file.Files.createDirectories(Path.of("target", "windows-root")).toAbsolutePath();
        Path root = java.nio.file.Files.createTempDirectory(base, "root");
        Path outside = java.nio.file.Files.createTempDirectory(base, "outside");
        java.nio.file.Files.createSymbolicLink(root.resolve("ProgramData"), outside);
        InstallOptions underRoot = new InstallOptions(false, false, false, false, false, Optional.of(root));
        InstallResult r = new WindowsBackend().install(List.of(web().build()), underRoot).get(0);
        assertEquals(InstallResult.Action.CREATED, r.action());
        assertEquals(List.of(), java.nio.file.Files.list(outside).toList(), "nothing written outside the root");
        assertTrue(java.nio.file.Files.isRegularFile(root.resolve(outside.toString().substring(1))
                .resolve("svcctl/services/web.yaml")), "the absolute link resolves inside the root");
    }

    @Test
    void userScopeGoesToTaskSchedulerNotToTheScm() {
        BackendException e = assertThrows(BackendException.class, () -> backend.start(List.of("web"), true));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), "schtasks.exe is only used on Windows");
        assertEquals(List.of(), scm.calls());
    }

    /** A foreign service's configuration. */
    static final class ScmReplayConfigs {
        static ServiceConfig foreign(String name) {
            return new ServiceConfig(name, name, "C:\\Windows\\" + name + ".exe", ScmRegistration.StartType.AUTO,
                    false, "LocalSystem", List.of(), "", ScmRegistration.FailureActions.NONE,
                    java.util.OptionalLong.empty(), ScmRegistration.SidType.NONE, List.of());
        }
    }

    @Test
    void disableAndEnableSetTheStartTypeSayWhetherTheyChangedItAndARe_installKeepsTheChoice() throws Exception {
        install(web().build());
        assertEquals(ScmRegistration.StartType.AUTO, config("web").startType());

        assertEquals(List.of(new dev.svcctl.backend.Enablement("web", false, true)),
                backend.disable(List.of("web"), false));
        assertEquals(ScmRegistration.StartType.DEMAND, config("web").startType());
        assertEquals(List.of(new dev.svcctl.backend.Enablement("web", false, false)),
                backend.disable(List.of("web"), false));

        InstallResult again = install(web().build());
        assertEquals(InstallResult.Action.UNCHANGED, again.action(), "the chosen start type is no drift");
        assertEquals(ScmRegistration.StartType.DEMAND, config("web").startType());
        install(web().args("--port", "8081").build());
        assertEquals(ScmRegistration.StartType.DEMAND, config("web").startType(), "same startup: the choice stays");

        install(web().args("--port", "8081").startup(dev.svcctl.spec.Startup.MANUAL).build());
        install(web().args("--port", "8081").startup(dev.svcctl.spec.Startup.AUTO).build());
        assertEquals(ScmRegistration.StartType.AUTO, config("web").startType(), "startup changed: the spec decides");

        assertEquals(List.of(new dev.svcctl.backend.Enablement("web", true, false)),
                backend.enable(List.of("web"), false));
        backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        assertTrue(files.text(dev.svcctl.install.EnablementChoice.path(WindowsPaths.specFile("web"))).isEmpty(),
                "uninstall forgets the choice");
    }

    @Test
    void enableRefusesAServiceSvcctlDidNotCreate() throws Exception {
        scm.installForeign(ScmReplayConfigs.foreign("web"));
        BackendException e = assertThrows(BackendException.class, () -> backend.enable(List.of("web"), false));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals(ExitCode.NOT_INSTALLED, assertThrows(BackendException.class,
                () -> backend.disable(List.of("ghost"), false)).exitCode());
    }

    @Test
    void catShowsTheRegistrationAndTheStoredSpecWithTheValuesMaskedAndRefusesAForeignService() throws Exception {
        install(web().env(Map.of("TOKEN", "hunter2")).build());
        List<dev.svcctl.backend.Artifact> installed = backend.installedFiles("web", false);
        assertEquals(List.of(ScmOperations.registryKey("web"), WindowsPaths.specFile("web")),
                installed.stream().map(dev.svcctl.backend.Artifact::installPath).toList());
        assertTrue(installed.get(0).printable().contains("startType: auto"), installed.get(0).printable());
        assertTrue(installed.get(1).content().contains("hunter2"));
        assertFalse(installed.get(1).printable().contains("hunter2"));
        assertTrue(installed.get(1).printable().contains("<secret: 7 bytes>"));

        scm.installForeign(ScmReplayConfigs.foreign("db"));
        assertEquals(ExitCode.FAILED, assertThrows(BackendException.class,
                () -> backend.installedFiles("db", false)).exitCode());
    }

    @Test
    void aNameInstalledFromAnotherFileThanLastTimeIsReported() throws Exception {
        InstallOptions fromA = new InstallOptions(false, false, false, false, false, Optional.empty(),
                Optional.empty(), Map.of("web", "C:\\a\\web.yaml"));
        InstallOptions fromB = new InstallOptions(false, false, false, false, false, Optional.empty(),
                Optional.empty(), Map.of("web", "C:\\b\\web.yaml"));
        assertEquals(Optional.empty(), install(web().build(), fromA).formerSource());
        assertEquals(Optional.of("C:\\a\\web.yaml"), install(web().build(), fromB).formerSource());
        assertEquals(InstallResult.Action.UNCHANGED, install(web().build(), fromB).action(),
                "the source is no artifact: nothing installed changes");
        backend.uninstall(List.of("web"), InstallOptions.DEFAULT);
        assertTrue(files.text(dev.svcctl.install.SpecCopy.sourcePath(WindowsPaths.specFile("web"))).isEmpty());
    }
}
