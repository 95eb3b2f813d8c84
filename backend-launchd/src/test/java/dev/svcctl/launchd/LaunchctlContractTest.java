package dev.svcctl.launchd;

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
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.Startup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The exact launchctl argv svcctl passes for each operation, in the right domain, and how it reads launchctl's
 * answers. launchctl is an in-memory fake here (see {@link LaunchctlScriptTest} for a fake on PATH run as a real
 * process); its print outputs are fixtures modelled on published real output (sources in
 * src/test/resources/launchctl/SOURCES.md: boxen/puppet-boxen#104, TencentCloud/Octop#838 and others).
 */
class LaunchctlContractTest {
    private static final Path DAEMON = Path.of("/Library/LaunchDaemons/worker.plist");
    private static final Path AGENT = Path.of("/Users/alice/Library/LaunchAgents/worker.plist");
    private static final InstallOptions DEFAULTS = InstallOptions.DEFAULT;

    private final List<String> events = new ArrayList<>();
    private final FakeLaunchctl launchctl = new FakeLaunchctl(events);
    private final MemoryFiles files = new MemoryFiles(events);
    private final LaunchdBackend root = new LaunchdBackend(launchctl, files, files, FakeHost.ROOT);
    private final LaunchdBackend alice = new LaunchdBackend(launchctl, files, files, FakeHost.ALICE);

    private static ServiceSpec.Builder worker() {
        return ServiceSpec.builder("worker", "/usr/local/bin/worker").args("--port", "8080");
    }

    private static List<String> call(String... args) {
        return List.of(args);
    }

    private void forget() {
        launchctl.calls.clear();
        events.clear();
    }

    @Test
    void installCreatesEnablesAndBootstrapsADaemonInTheSystemDomain() throws Exception {
        InstallResult result = root.install(List.of(worker().build()), DEFAULTS).get(0);

        assertEquals(InstallResult.Action.CREATED, result.action());
        assertEquals(DAEMON.toString(), result.location());
        assertEquals(Optional.of(ServiceState.RUNNING), result.state());
        assertEquals(List.of(call("print", "system/worker"), call("enable", "system/worker"),
                call("bootstrap", "system", DAEMON.toString()), call("print", "system/worker")), launchctl.verbs());
        assertEquals("/bin/launchctl", launchctl.calls.get(0).get(0), "launchctl from macOS's own location");
        assertEquals(0644, files.modes.get(DAEMON));
        assertTrue(files.files.get(DAEMON).contains("<string>/usr/local/bin/worker</string>"));
        assertTrue(files.directories.contains(Path.of("/Library/Logs/svcctl/worker")), "log directory created");
        assertTrue(events.indexOf("write " + DAEMON) < events.indexOf("launchctl bootstrap system " + DAEMON));
    }

    @Test
    void aDaemonsLogDirectoryBelongsToTheAccountItRunsAs() throws Exception {
        root.install(List.of(worker().user("app").group("staff").build()), DEFAULTS);
        assertTrue(events.indexOf("chown app:staff /Library/Logs/svcctl/worker")
                < events.indexOf("launchctl bootstrap system " + DAEMON), events.toString());
    }

    @Test
    void reinstallingTheSameSpecIsUnchangedAndTouchesNothing() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        int writes = files.writes;
        forget();

        InstallResult again = root.install(List.of(worker().build()), DEFAULTS).get(0);

        assertEquals(InstallResult.Action.UNCHANGED, again.action());
        assertEquals(writes, files.writes, "no write");
        assertEquals(List.of(call("print", "system/worker"), call("enable", "system/worker"),
                call("print", "system/worker")), launchctl.verbs(), "no bootout, no bootstrap: no restart");
    }

    @Test
    void aChangedSpecIsUpdatedAndReloadedSoLaunchdReadsIt() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        forget();

        InstallOptions dryRun = new InstallOptions(true, false, false, false, false, Optional.empty());
        InstallResult preview = root.install(List.of(worker().args("--port", "9090").build()), dryRun).get(0);
        assertTrue(preview.diff().orElseThrow().contains("+\t\t<string>9090</string>"), preview.diff().get());
        forget();

        InstallResult result = root.install(List.of(worker().args("--port", "9090").build()), DEFAULTS).get(0);

        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertEquals(Optional.empty(), result.diff(), "only a dry run shows the diff");
        assertEquals(List.of(call("print", "system/worker"), call("enable", "system/worker"),
                call("bootout", "system/worker"), call("bootstrap", "system", DAEMON.toString()),
                call("print", "system/worker")), launchctl.verbs());
        assertTrue(events.indexOf("write " + DAEMON) < events.indexOf("launchctl bootout system/worker"));
    }

    @Test
    void noRestartUpdatesTheFileOnly() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        forget();
        InstallOptions noRestart = new InstallOptions(false, false, true, false, false, Optional.empty());
        root.install(List.of(worker().args("changed").build()), noRestart);
        assertEquals(List.of(call("print", "system/worker"), call("enable", "system/worker"),
                call("print", "system/worker")), launchctl.verbs());
        assertTrue(files.files.get(DAEMON).contains("changed"));
    }

    @Test
    void aPlistWithoutTheMarkerIsNeverTouchedWithoutForce() throws Exception {
        String foreign = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n";
        files.files.put(DAEMON, foreign);

        BackendException e = assertThrows(BackendException.class,
                () -> root.install(List.of(worker().build()), DEFAULTS));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains(DAEMON + " was not written by svcctl"), e.getMessage());
        assertEquals(foreign, files.files.get(DAEMON));
        assertEquals(List.of(), launchctl.calls);

        for (var operation : List.<Operation>of(b -> b.uninstall(List.of("worker"), DEFAULTS),
                b -> b.start(List.of("worker"), false), b -> b.stop(List.of("worker"), false),
                b -> b.restart(List.of("worker"), false), b -> b.reload(List.of("worker"), false))) {
            BackendException refused = assertThrows(BackendException.class, () -> operation.apply(root));
            assertTrue(refused.getMessage().contains("was not written by svcctl"), refused.getMessage());
        }
        assertEquals(foreign, files.files.get(DAEMON));
        assertEquals(List.of(), launchctl.calls);
        assertEquals(ServiceState.NOT_INSTALLED, root.status(List.of("worker"), false).get(0).state());
    }

    @Test
    void forceTakesOverAForeignPlistKeepingABackup() throws Exception {
        String foreign = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n";
        files.files.put(DAEMON, foreign);
        launchctl.loaded.add("worker");
        InstallOptions force = new InstallOptions(false, false, false, true, false, Optional.empty());

        assertEquals(InstallResult.Action.UPDATED, root.install(List.of(worker().build()), force).get(0).action());

        assertEquals(foreign, files.files.get(Path.of(DAEMON + ".svcctl-backup")));
        assertTrue(dev.svcctl.backend.ManagedMarker.locate(files.files.get(DAEMON)).isPresent());
        assertEquals(List.of(call("print", "system/worker"), call("print", "system"),
                call("bootout", "system/worker"), call("enable", "system/worker"),
                call("bootstrap", "system", DAEMON.toString()), call("print", "system/worker")), launchctl.verbs(),
                "the domain's disabled services are read once, to record how the job taken over was");
    }

    @Test
    void uninstallPutsBackTheForeignPlistAndLoadsItAgainIfItWasLoaded() throws Exception {
        String foreign = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n";
        files.files.put(DAEMON, foreign);
        launchctl.loaded.add("worker");
        InstallOptions force = new InstallOptions(false, false, false, true, false, Optional.empty());
        root.install(List.of(worker().build()), force);
        root.install(List.of(worker().args("again").build()), force);
        assertEquals("loaded=true\ndisabled=false\n",
                files.files.get(Path.of("/etc/svcctl/services/.worker.takeover")),
                "the state before the first takeover, not svcctl's own job's");
        forget();

        List<String> said = root.uninstall(List.of("worker"), DEFAULTS);

        assertEquals(foreign, files.files.get(DAEMON));
        assertFalse(files.files.containsKey(Path.of(DAEMON + ".svcctl-backup")));
        assertFalse(files.files.containsKey(Path.of("/etc/svcctl/services/.worker.takeover")));
        assertEquals(List.of(call("print", "system/worker"), call("bootout", "system/worker"),
                call("bootstrap", "system", DAEMON.toString())), launchctl.verbs());
        assertEquals(List.of(DAEMON + " from its backup", "system/worker is loaded again from " + DAEMON
                + ", as it was before svcctl took it over"), said);
    }

    @Test
    void aDisabledJobTakenOverIsDisabledAgainAfterUninstall() throws Exception {
        files.files.put(DAEMON, "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n");
        launchctl.disabled.add("worker");
        root.install(List.of(worker().build()), new InstallOptions(false, false, false, true, false, Optional.empty()));
        assertFalse(launchctl.disabled.contains("worker"), "svcctl's job is enabled");
        forget();

        List<String> said = root.uninstall(List.of("worker"), DEFAULTS);

        assertTrue(launchctl.disabled.contains("worker"));
        assertFalse(launchctl.loaded.contains("worker"));
        assertEquals("system/worker is disabled again, as it was before svcctl took it over", said.get(1));
    }

    @Test
    void aTakeoverThatCannotWriteLoadsTheForeignJobAgain() throws Exception {
        String foreign = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>\n";
        files.files.put(DAEMON, foreign);
        launchctl.loaded.add("worker");
        files.failingWrite = DAEMON;

        BackendException e = assertThrows(BackendException.class, () -> root.install(List.of(worker().build()),
                new InstallOptions(false, false, false, true, false, Optional.empty())));

        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(foreign, files.files.get(DAEMON));
        assertTrue(launchctl.loaded.contains("worker"), "the foreign job runs again");
        assertEquals(List.of(call("bootout", "system/worker"), call("bootstrap", "system", DAEMON.toString())),
                launchctl.verbs().subList(2, 4));
    }

    @Test
    void uninstallBootsOutBeforeRemovingAndKeepsLogs() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        forget();

        root.uninstall(List.of("worker"), DEFAULTS);

        assertEquals(List.of("launchctl print system/worker", "launchctl bootout system/worker", "delete " + DAEMON),
                events);
        assertFalse(files.files.containsKey(DAEMON));
        assertTrue(files.directories.contains(Path.of("/Library/Logs/svcctl/worker")), "logs are kept");
        BackendException again = assertThrows(BackendException.class,
                () -> root.uninstall(List.of("worker"), DEFAULTS));
        assertEquals(ExitCode.NOT_INSTALLED, again.exitCode());
        assertEquals(ServiceState.NOT_INSTALLED, root.status(List.of("worker"), false).get(0).state());
    }

    @Test
    void aNewLabelReplacesThePlistAndTheJobOfTheOldOne() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        var labelled = new dev.svcctl.spec.PlatformSpec(dev.svcctl.spec.PlatformSpec.Systemd.NONE,
                dev.svcctl.spec.PlatformSpec.Windows.DEFAULT,
                new dev.svcctl.spec.PlatformSpec.Launchd(Optional.of("com.example.worker"), java.util.Map.of()));
        forget();

        root.install(List.of(worker().platform(labelled).build()), DEFAULTS);

        Path relabelled = Path.of("/Library/LaunchDaemons/com.example.worker.plist");
        assertFalse(files.files.containsKey(DAEMON));
        assertTrue(files.files.containsKey(relabelled));
        assertEquals(List.of(call("print", "system/com.example.worker"), call("bootout", "system/worker"),
                call("enable", "system/com.example.worker"),
                call("bootstrap", "system", relabelled.toString()), call("print", "system/com.example.worker")),
                launchctl.verbs());
        assertEquals(List.of("worker"), root.list(false).stream().map(ServiceStatus::name).toList());
    }

    @Test
    void startStopRestartReloadUseKickstartBootoutAndKill() throws Exception {
        root.install(List.of(worker().reloadSignal(Signal.USR1).build()), DEFAULTS);
        forget();

        root.stop(List.of("worker"), false);
        assertEquals(List.of(call("print", "system/worker"), call("bootout", "system/worker")), launchctl.verbs());
        forget();
        root.start(List.of("worker"), false);
        assertEquals(List.of(call("print", "system/worker"), call("bootstrap", "system", DAEMON.toString()),
                call("kickstart", "system/worker")), launchctl.verbs());
        forget();
        root.restart(List.of("worker"), false);
        assertEquals(List.of(call("print", "system/worker"), call("kickstart", "-k", "system/worker")),
                launchctl.verbs());
        forget();
        root.reload(List.of("worker"), false);
        assertEquals(List.of(call("print", "system/worker"), call("kill", "SIGUSR1", "system/worker")),
                launchctl.verbs());
    }

    @Test
    void reloadWithoutASignalOrWhenStoppedSaysSo() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        BackendException none = assertThrows(BackendException.class, () -> root.reload(List.of("worker"), false));
        assertEquals("the spec of worker has no reload.signal", none.getMessage());

        root.install(List.of(worker().reloadSignal(Signal.HUP).build()), DEFAULTS);
        root.stop(List.of("worker"), false);
        BackendException stopped = assertThrows(BackendException.class, () -> root.reload(List.of("worker"), false));
        assertEquals(ExitCode.NOT_RUNNING, stopped.exitCode());
    }

    @Test
    void agentsLiveInTheGuiDomainOfTheUser() throws Exception {
        InstallResult result = alice.install(List.of(worker().scope(Scope.USER).build()), DEFAULTS).get(0);

        assertEquals(AGENT.toString(), result.location());
        assertEquals(List.of(call("print", "gui/501/worker"), call("enable", "gui/501/worker"),
                call("bootstrap", "gui/501", AGENT.toString()), call("print", "gui/501/worker")), launchctl.verbs());
        forget();
        assertEquals(ServiceState.RUNNING, alice.status(List.of("worker"), true).get(0).state());
        assertEquals(List.of(call("print", "gui/501"), call("print", "gui/501/worker")), launchctl.verbs());
        forget();
        alice.uninstall(List.of("worker"), new InstallOptions(false, false, false, false, true, Optional.empty()));
        assertEquals(List.of(call("print", "gui/501/worker"), call("bootout", "gui/501/worker")), launchctl.verbs());
    }

    @Test
    void theUserFlagMakesAnAgentOfASystemSpec() throws Exception {
        InstallOptions user = new InstallOptions(false, false, false, false, true, Optional.empty());
        assertEquals(AGENT.toString(), alice.install(List.of(worker().build()), user).get(0).location());
    }

    @Test
    void aNonRootUserCannotTouchTheSystemDomain() {
        for (var operation : List.<Operation>of(b -> b.install(List.of(worker().build()), DEFAULTS),
                b -> b.uninstall(List.of("worker"), DEFAULTS), b -> b.start(List.of("worker"), false),
                b -> b.stop(List.of("worker"), false))) {
            BackendException e = assertThrows(BackendException.class, () -> operation.apply(alice));
            assertEquals(ExitCode.PERMISSION_DENIED, e.exitCode());
            assertTrue(e.hint().orElseThrow().contains("--user"));
        }
        assertEquals(List.of(), launchctl.calls);
        assertEquals(0, files.writes);
    }

    @Test
    void manualServicesAreKeptDisabledWhileStoppedSoBootDoesNotStartThem() throws Exception {
        root.install(List.of(worker().startup(Startup.MANUAL).build()), DEFAULTS);
        assertEquals(List.of(call("print", "system/worker"), call("disable", "system/worker"),
                call("print", "system/worker")), launchctl.verbs());
        forget();
        root.start(List.of("worker"), false);
        assertEquals(List.of(call("print", "system/worker"), call("enable", "system/worker"),
                call("bootstrap", "system", DAEMON.toString()), call("kickstart", "system/worker")),
                launchctl.verbs());
        forget();
        root.stop(List.of("worker"), false);
        assertEquals(List.of(call("print", "system/worker"), call("bootout", "system/worker"),
                call("disable", "system/worker")), launchctl.verbs());
    }

    @Test
    void disabledServicesAreDisabledAndRefuseToStart() throws Exception {
        launchctl.loaded.add("worker");
        files.files.put(DAEMON, root.render(worker().build(), dev.svcctl.backend.RenderOptions.DEFAULT)
                .artifacts().get(0).content());
        root.install(List.of(worker().startup(Startup.DISABLED).build()), DEFAULTS);
        assertEquals(List.of(call("print", "system/worker"), call("bootout", "system/worker"),
                call("disable", "system/worker"), call("print", "system/worker")), launchctl.verbs());
        BackendException e = assertThrows(BackendException.class, () -> root.start(List.of("worker"), false));
        assertEquals("worker is disabled (startup: disabled)", e.getMessage());
    }

    @Test
    void dryRunShowsTheDiffAndChangesNothing() throws Exception {
        InstallOptions dryRun = new InstallOptions(true, false, false, false, false, Optional.empty());
        InstallResult result = alice.install(List.of(worker().build()), dryRun).get(0);
        assertEquals(InstallResult.Action.CREATED, result.action());
        assertTrue(result.diff().orElseThrow().startsWith("--- /dev/null\n+++ " + DAEMON));
        assertEquals(0, files.writes);
        assertEquals(List.of(), launchctl.calls);
    }

    @Test
    void aBareCommandIsResolvedOnPathAtInstall() throws Exception {
        files.executables.add(Path.of("/bin/python3"));
        root.install(List.of(ServiceSpec.builder("web", "python3").args("-m", "http.server").build()), DEFAULTS);
        assertTrue(files.files.get(Path.of("/Library/LaunchDaemons/web.plist"))
                .contains("<string>/bin/python3</string>"));
        BackendException e = assertThrows(BackendException.class, () -> root.install(
                List.of(ServiceSpec.builder("other", "no-such-program").build()), DEFAULTS));
        assertEquals(ExitCode.INVALID_SPEC, e.exitCode());
    }

    // ---- status: the five cases of the acceptance, plus not installed ----

    private ServiceStatus statusWith(String fixture) throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        if (fixture == null) {
            launchctl.loaded.remove("worker");
        } else {
            launchctl.printFixture.put("worker", Fixtures.read(fixture));
        }
        forget();
        ServiceStatus status = root.status(List.of("worker"), false).get(0);
        assertEquals(List.of(call("print", "system"), call("print", "system/worker")), launchctl.verbs());
        return status;
    }

    @Test
    void statusOfARunningService() throws Exception {
        ServiceStatus status = statusWith("print-running.txt");
        assertEquals(new ServiceStatus("worker", "launchd", ServiceState.RUNNING, OptionalLong.of(4242),
                Optional.empty(), OptionalInt.of(2), Optional.of(new ServiceStatus.LastExit(OptionalInt.of(1),
                Optional.empty())), Optional.of(true), OptionalLong.empty(), false), status);
    }

    @Test
    void aSupervisedJobShowsItsProgramFromTheStateFileOfTheJobsProcess() throws Exception {
        Path runtime = java.nio.file.Files.createDirectories(Path.of("target", "test-work", "launchd-state")
                .toAbsolutePath());
        LaunchdHost host = new LaunchdHost() {
            @Override
            public long uid() {
                return 0;
            }

            @Override
            public String home() {
                return FakeHost.ROOT.home();
            }

            @Override
            public String path() {
                return FakeHost.ROOT.path();
            }

            @Override
            public List<Path> stateFiles(String name, Scope scope) {
                return List.of(runtime.resolve(name + ".json"));
            }
        };
        LaunchdBackend backend = new LaunchdBackend(launchctl, files, files, host);
        backend.install(List.of(worker().supervisor(dev.svcctl.spec.SupervisorMode.SVCCTL).build()), DEFAULTS);
        launchctl.printFixture.put("worker", Fixtures.read("print-running.txt"));
        java.time.Instant since = java.time.Instant.parse("2026-12-07T08:00:00Z");
        new dev.svcctl.state.StateFile(runtime.resolve("worker.json")).write(new dev.svcctl.state.SupervisorState(
                "worker", 4242, OptionalLong.of(5000), dev.svcctl.state.ProgramState.RUNNING, since, 4,
                Optional.of(new dev.svcctl.state.SupervisorState.Exit(3, Optional.empty(), since)),
                dev.svcctl.state.Health.HEALTHY, dev.svcctl.state.ReadyState.READY, Optional.empty(), Optional.empty(),
                Optional.empty()));

        ServiceStatus status = backend.status(List.of("worker"), false).get(0);

        assertEquals(new ServiceStatus("worker", "launchd", ServiceState.RUNNING, OptionalLong.of(5000),
                Optional.of(since), OptionalInt.of(6), Optional.of(new ServiceStatus.LastExit(OptionalInt.of(3),
                Optional.empty())), Optional.of(true), OptionalLong.empty(), false, OptionalLong.of(4242),
                Optional.of("healthy"), Optional.of("ready")), status, "launchd's 2 restarts of the job plus 4");
        assertEquals(OptionalLong.of(4242), statusWith("print-running.txt").pid(), "unsupervised: launchd's pid");
    }

    @Test
    void statusOfAServiceThatExitedWithACode() throws Exception {
        ServiceStatus status = statusWith("print-exited.txt");
        assertEquals(ServiceState.FAILED, status.state());
        assertEquals(OptionalLong.empty(), status.pid());
        assertEquals(Optional.of(new ServiceStatus.LastExit(OptionalInt.of(3), Optional.empty())), status.lastExit());
    }

    @Test
    void statusOfAServiceThatCrashedWithASignal() throws Exception {
        ServiceStatus status = statusWith("print-crashed.txt");
        assertEquals(ServiceState.FAILED, status.state());
        assertEquals(Optional.of(new ServiceStatus.LastExit(OptionalInt.empty(), Optional.of("SIGSEGV"))),
                status.lastExit());
    }

    @Test
    void statusOfAServiceThatIsNotLoaded() throws Exception {
        ServiceStatus status = statusWith(null);
        assertEquals(ServiceState.STOPPED, status.state());
        assertEquals(Optional.of(true), status.enabled());
        assertEquals(Optional.empty(), status.lastExit());
    }

    @Test
    void statusOfADisabledService() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        launchctl.loaded.remove("worker");
        launchctl.disabled.add("worker");
        forget();
        ServiceStatus status = root.status(List.of("worker", "ghost"), false).get(0);
        assertEquals(ServiceState.STOPPED, status.state());
        assertEquals(Optional.of(false), status.enabled());
        assertEquals(ServiceState.NOT_INSTALLED, root.status(List.of("ghost"), false).get(0).state());
    }

    @Test
    void aHandEditShowsAsDriftAndInstallRepairsIt() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        files.files.put(DAEMON, files.files.get(DAEMON).replace("<integer>30</integer>", "<integer>5</integer>"));
        assertTrue(root.status(List.of("worker"), false).get(0).drift());
        assertEquals(InstallResult.Action.UPDATED, root.install(List.of(worker().build()), DEFAULTS).get(0).action());
        assertFalse(root.status(List.of("worker"), false).get(0).drift());
    }

    @Test
    void listShowsOnlyManagedServicesFoundByTheirInfoEvenWithACustomLabel() throws Exception {
        var labelled = new dev.svcctl.spec.PlatformSpec(dev.svcctl.spec.PlatformSpec.Systemd.NONE,
                dev.svcctl.spec.PlatformSpec.Windows.DEFAULT,
                new dev.svcctl.spec.PlatformSpec.Launchd(Optional.of("com.example.api"), java.util.Map.of()));
        root.install(List.of(worker().build(), ServiceSpec.builder("api", "/opt/api").platform(labelled).build()),
                DEFAULTS);
        files.files.put(Path.of("/Library/LaunchDaemons/com.apple.foreign.plist"), "<plist/>");
        List<String> names = root.list(false).stream().map(ServiceStatus::name).toList();
        assertEquals(List.of("api", "worker"), names);
        forget();
        root.restart(List.of("api"), false);
        assertEquals(List.of(call("print", "system/com.example.api"), call("kickstart", "-k",
                "system/com.example.api")), launchctl.verbs());
    }

    @Test
    void aFailedBootstrapIsAOneLineErrorWithAHint() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        root.stop(List.of("worker"), false);
        launchctl.disabled.add("worker");
        BackendException e = assertThrows(BackendException.class, () -> root.start(List.of("worker"), false));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("launchctl bootstrap system " + DAEMON + " failed (exit 5): Bootstrap failed: 5: Input/output error",
                e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("disabled"));
    }

    @Test
    void onlyTheModernVerbsAreEverUsed() throws Exception {
        root.install(List.of(worker().reloadSignal(Signal.HUP).build()), DEFAULTS);
        root.status(List.of("worker"), false);
        root.reload(List.of("worker"), false);
        root.restart(List.of("worker"), false);
        root.stop(List.of("worker"), false);
        root.start(List.of("worker"), false);
        root.list(false);
        root.uninstall(List.of("worker"), DEFAULTS);
        assertTrue(launchctl.calls.size() > 10);
        for (List<String> argv : launchctl.calls) {
            assertTrue(FakeLaunchctl.MODERN_VERBS.contains(argv.get(1)), argv.toString());
        }
    }

    @Test
    void withoutLaunchctlOperationsSayTheBackendIsUnavailable() {
        LaunchdBackend linux = new LaunchdBackend((argv, timeout) -> {
            throw new java.io.IOException("Cannot run program \"/bin/launchctl\": error=2, No such file or directory");
        }, files, files, FakeHost.ROOT);
        BackendException e = assertThrows(BackendException.class, () -> linux.status(List.of("worker"), false));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
    }

    @FunctionalInterface
    private interface Operation {
        void apply(LaunchdBackend backend) throws Exception;
    }

    @Test
    void disableAndEnableGoThroughLaunchctlSayWhetherTheyChangedAnythingAndOutliveAReinstall() throws Exception {
        root.install(List.of(worker().build()), DEFAULTS);
        forget();

        assertEquals(List.of(new dev.svcctl.backend.Enablement("worker", false, true)),
                root.disable(List.of("worker"), false));
        assertTrue(launchctl.calls.contains(call("/bin/launchctl", "disable", "system/worker")),
                launchctl.calls.toString());
        assertTrue(launchctl.disabled.contains("worker"));
        forget();
        assertEquals(List.of(new dev.svcctl.backend.Enablement("worker", false, false)),
                root.disable(List.of("worker"), false));
        assertFalse(launchctl.calls.contains(call("/bin/launchctl", "disable", "system/worker")),
                "already disabled");

        root.install(List.of(worker().args("--port", "9090").build()), DEFAULTS);
        assertTrue(launchctl.disabled.contains("worker"), "a re-install with the same startup keeps the choice");

        BackendException start = assertThrows(BackendException.class, () -> root.start(List.of("worker"), false));
        assertTrue(start.hint().orElseThrow().contains("svcctl enable --now worker"), start.getMessage());

        assertEquals(List.of(new dev.svcctl.backend.Enablement("worker", true, true)),
                root.enable(List.of("worker"), false));
        assertFalse(launchctl.disabled.contains("worker"));
        root.install(List.of(worker().startup(dev.svcctl.spec.Startup.MANUAL).build()), DEFAULTS);
        assertTrue(launchctl.disabled.contains("worker") || launchctl.loaded.contains("worker"));
        root.uninstall(List.of("worker"), DEFAULTS);
        assertTrue(files.read(dev.svcctl.install.EnablementChoice.path(LaunchdLayout.specPath("worker",
                Scope.SYSTEM))).absent(), "uninstall forgets the choice");
    }

    @Test
    void enableRefusesAPlistSvcctlDidNotWrite() throws Exception {
        files.files.put(DAEMON, "<?xml version=\"1.0\"?>\n<plist><dict><key>Label</key><string>worker</string></dict></plist>\n");
        BackendException e = assertThrows(BackendException.class, () -> root.enable(List.of("worker"), false));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(launchctl.calls.stream().noneMatch(c -> c.contains("enable")));
    }

    @Test
    void catShowsThePlistAndTheSpecCopyWithTheValuesMasked() throws Exception {
        root.install(List.of(worker().env(java.util.Map.of("TOKEN", "hunter2"))
                .supervisor(dev.svcctl.spec.SupervisorMode.SVCCTL).build()), DEFAULTS);
        List<dev.svcctl.backend.Artifact> installed = root.installedFiles("worker", false);
        assertEquals(List.of(DAEMON.toString(), LaunchdLayout.specPath("worker", Scope.SYSTEM)),
                installed.stream().map(dev.svcctl.backend.Artifact::installPath).toList());
        for (dev.svcctl.backend.Artifact file : installed) {
            assertFalse(file.printable().contains("hunter2"), file.printable());
        }
        assertTrue(installed.get(1).printable().contains("<secret: 7 bytes>"), installed.get(1).printable());
        assertEquals(ExitCode.NOT_INSTALLED, assertThrows(BackendException.class,
                () -> root.installedFiles("ghost", false)).exitCode());
    }

    @Test
    void aNameInstalledFromAnotherFileThanLastTimeIsReported() throws Exception {
        InstallOptions fromA = new InstallOptions(false, false, false, false, false, Optional.empty(),
                Optional.empty(), java.util.Map.of("worker", "/a/worker.yaml"));
        InstallOptions fromB = new InstallOptions(false, false, false, false, false, Optional.empty(),
                Optional.empty(), java.util.Map.of("worker", "/b/worker.yaml"));
        assertEquals(Optional.empty(), root.install(List.of(worker().build()), fromA).get(0).formerSource());
        assertEquals(Optional.empty(), root.install(List.of(worker().build()), fromA).get(0).formerSource());
        assertEquals(Optional.of("/a/worker.yaml"), root.install(List.of(worker().build()), fromB).get(0)
                .formerSource());
        root.uninstall(List.of("worker"), DEFAULTS);
        assertTrue(files.read(dev.svcctl.install.SpecCopy.sourcePath(LaunchdLayout.specPath("worker",
                Scope.SYSTEM))).absent(), "uninstall removes the record");
    }
}
