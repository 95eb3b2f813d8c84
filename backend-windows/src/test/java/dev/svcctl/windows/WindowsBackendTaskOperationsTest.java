package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.MemoryArtifactFiles;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import dev.svcctl.windows.scm.InMemoryScm;
import dev.svcctl.windows.tasks.InMemoryTaskScheduler;
import dev.svcctl.windows.tasks.TaskException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * scope: user on Windows (at-logon scheduled tasks) against the in-memory Task Scheduler model, whose behaviour
 * TaskSchedulerConformanceTest checks on Wine's schtasks.exe as far as Wine implements it.
 */
class WindowsBackendTaskOperationsTest {
    private static final String TASK = "\\svcctl\\web";
    private static final String SPEC = "~/AppData/Local/svcctl/services/web.yaml";
    private final InMemoryScm scm = new InMemoryScm();
    private final InMemoryTaskScheduler tasks = new InMemoryTaskScheduler();
    private final MemoryArtifactFiles files = new MemoryArtifactFiles();
    private final List<Optional<Path>> roots = new ArrayList<>();
    private final WindowsBackend backend = new WindowsBackend(() -> scm, () -> tasks, root -> {
        roots.add(root);
        return memoryStore();
    }, name -> null, d -> { });

    private ArtifactFiles memoryStore() {
        return files;
    }

    private static ServiceSpec.Builder web() {
        return ServiceSpec.builder("web", "C:\\web\\web.exe").args("--port", "8080").scope(Scope.USER);
    }

    private InstallResult install(ServiceSpec spec) throws BackendException {
        return install(spec, InstallOptions.DEFAULT);
    }

    private InstallResult install(ServiceSpec spec, InstallOptions options) throws BackendException {
        return backend.install(List.of(spec), options).get(0);
    }

    private static InstallOptions options(boolean noStart, boolean noRestart, boolean force) {
        return new InstallOptions(false, noStart, noRestart, force, false, Optional.empty());
    }

    private List<String> callsSince(int from) {
        return tasks.calls().subList(from, tasks.calls().size());
    }

    private ServiceStatus status() throws BackendException {
        return backend.status(List.of("web"), true).get(0);
    }

    /** The task XML file install writes: the rendering with svcctl's marker in a comment. */
    private static String renderedFile(ServiceSpec spec) throws Exception {
        return new WindowsBackend().render(spec, RenderOptions.DEFAULT).artifacts().get(0).content();
    }

    /** The rendered task XML without svcctl's marker, as a task that svcctl did not create would have it. */
    private static String rendered(ServiceSpec spec) throws Exception {
        return ManagedMarker.locate(renderedFile(spec)).orElseThrow().body();
    }

    @Test
    void installRegistersTheRenderedTaskWithTheMarkerStoresTheSpecAndRunsIt() throws Exception {
        InstallResult result = install(web().build());
        assertEquals(InstallResult.Action.CREATED, result.action());
        assertEquals("scheduled task \\svcctl\\web", result.location());
        assertEquals(List.of("query " + TASK, "create " + TASK, "run " + TASK), tasks.calls());
        assertTrue(tasks.running(TASK));
        String registered = tasks.xml(TASK).orElseThrow();
        assertTrue(registered.matches("(?s).*<RegistrationInfo>\n    <Source>svcctl-managed spec=[0-9a-f]+ body=[0-9a-f]+"
                + "</Source>.*"), registered);
        assertEquals(rendered(web().build()), registered.replaceFirst("\n    <Source>[^<]*</Source>", ""),
                "the registered XML is the rendering plus the marker");
        assertTrue(files.text(SPEC).orElseThrow().startsWith("# svcctl-managed"));
        assertEquals(List.of(), scm.calls(), "no SCM service for user scope");
    }

    @Test
    void userFlagMakesATaskOfASystemScopeSpec() throws Exception {
        install(web().scope(Scope.SYSTEM).build(), new InstallOptions(false, false, false, false, true,
                Optional.empty()));
        assertTrue(tasks.xml(TASK).isPresent());
        assertEquals(List.of(), scm.calls());
    }

    @Test
    void installingTheSameSpecAgainChangesNothing() throws Exception {
        install(web().build());
        int before = tasks.calls().size();
        assertEquals(InstallResult.Action.UNCHANGED, install(web().build()).action());
        assertEquals(List.of("query " + TASK), callsSince(before), "running, so not even a run");
    }

    @Test
    void anUnchangedStoppedTaskIsStartedUnlessNoStart() throws Exception {
        install(web().build());
        backend.stop(List.of("web"), true);
        install(web().build(), options(true, false, false));
        assertFalse(tasks.running(TASK));
        install(web().build());
        assertTrue(tasks.running(TASK));
    }

    @Test
    void anUpdateReplacesTheTaskAndRestartsIt() throws Exception {
        install(web().build());
        int before = tasks.calls().size();
        String diff = install(web().description("Web front end").build(), new InstallOptions(true, false, false,
                false, false, Optional.empty())).diff().orElseThrow();
        assertTrue(diff.contains("+++ ~/AppData/Local/svcctl/tasks/web.xml\n"), diff);
        assertTrue(diff.contains("+    <Description>Web front end</Description>\n"), diff);
        assertTrue(diff.contains("+++ " + SPEC + "\n"), diff);
        before = tasks.calls().size();
        InstallResult result = install(web().description("Web front end").build());
        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertEquals(List.of("query " + TASK, "create " + TASK, "end " + TASK, "query " + TASK, "run " + TASK),
                callsSince(before));
        assertTrue(tasks.xml(TASK).orElseThrow().contains("<Description>Web front end</Description>"));
        assertTrue(files.text(SPEC).orElseThrow().contains("Web front end"));
    }

    @Test
    void noRestartLeavesTheRunningInstanceAlone() throws Exception {
        install(web().build());
        int before = tasks.calls().size();
        install(web().description("new").build(), options(false, true, false));
        assertEquals(List.of("query " + TASK, "create " + TASK), callsSince(before));
        assertTrue(tasks.running(TASK));
    }

    @Test
    void aTaskDisabledByHandIsEnabledAgainByInstall() throws Exception {
        install(web().build());
        String registered = tasks.xml(TASK).orElseThrow();
        tasks.create(TASK, registered.replace("<Enabled>true</Enabled>\n    <Hidden>",
                "<Enabled>false</Enabled>\n    <Hidden>"), true);
        assertTrue(status().drift(), "disabled outside svcctl");
        InstallResult result = install(web().build());
        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertTrue(result.note().orElseThrow().contains("repaired"), result.note().toString());
        assertFalse(status().drift());
        assertEquals(registered, tasks.xml(TASK).orElseThrow());
    }

    @Test
    void aDisabledTaskIsRegisteredButNotRun() throws Exception {
        install(web().startup(Startup.DISABLED).build());
        assertEquals(List.of("query " + TASK, "create " + TASK), tasks.calls());
        assertEquals(Optional.of(false), status().enabled());
        BackendException e = assertThrows(BackendException.class, () -> backend.start(List.of("web"), true));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("scheduled task '\\svcctl\\web' is disabled", e.getMessage());
    }

    @Test
    void aTaskSvcctlDidNotCreateIsNeverTouched() throws Exception {
        String foreign = rendered(web().build());
        tasks.create(TASK, foreign, false);
        int before = tasks.calls().size();
        BackendException e = assertThrows(BackendException.class, () -> install(web().build()));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("was not created by svcctl"), e.getMessage());
        for (var action : List.<Action>of(n -> backend.start(n, true), n -> backend.stop(n, true),
                n -> backend.restart(n, true), n -> backend.uninstall(n, new InstallOptions(false, false, false,
                        false, true, Optional.empty())))) {
            BackendException refused = assertThrows(BackendException.class, () -> action.apply(List.of("web")));
            assertEquals("scheduled task '\\svcctl\\web' was not created by svcctl", refused.getMessage());
        }
        assertTrue(callsSince(before).stream().allMatch(c -> c.startsWith("query ")), callsSince(before).toString());
        assertEquals(Optional.of(foreign), tasks.xml(TASK));
        assertEquals(List.of(), backend.list(true), "list shows only svcctl's tasks");
    }

    private interface Action {
        void apply(List<String> names) throws BackendException;
    }

    @Test
    void forceTakesAForeignTaskOverAndKeepsItsXml() throws Exception {
        String foreign = rendered(web().build());
        tasks.create(TASK, foreign, false);
        InstallResult result = install(web().build(), options(false, false, true));
        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertEquals(foreign, files.text(TaskOperations.backupPath("web")).orElse(null));
        assertTrue(result.note().orElseThrow().contains("took over"), result.note().toString());
        assertTrue(tasks.xml(TASK).orElseThrow().contains("svcctl-managed"));

        List<String> restored = backend.uninstall(List.of("web"), new InstallOptions(false, false, false, false, true,
                Optional.empty()));
        assertEquals(1, restored.size(), restored.toString());
        assertEquals(Optional.of(foreign), tasks.xml(TASK), "the task svcctl took over is registered again");
        assertTrue(files.texts().isEmpty(), files.texts().toString());
    }

    @Test
    void uninstallEndsTheTaskFirstDeletesItAndKeepsTheLogs() throws Exception {
        install(web().build());
        files.put("~/AppData/Local/svcctl/logs/web/web.log", "output");
        int before = tasks.calls().size();
        backend.uninstall(List.of("web"), new InstallOptions(false, false, false, false, true, Optional.empty()));
        assertEquals(List.of("query " + TASK, "end " + TASK, "query " + TASK, "delete " + TASK), callsSince(before));
        assertEquals(Optional.empty(), tasks.xml(TASK));
        assertFalse(files.texts().containsKey(SPEC));
        assertEquals("output", files.text("~/AppData/Local/svcctl/logs/web/web.log").orElse(null));
        assertEquals(ServiceState.NOT_INSTALLED, status().state());
    }

    @Test
    void operationsOnAMissingTaskExitWithNotInstalled() {
        for (var action : List.<Action>of(n -> backend.start(n, true), n -> backend.stop(n, true),
                n -> backend.restart(n, true), n -> backend.uninstall(n, new InstallOptions(false, false, false,
                        false, true, Optional.empty())))) {
            BackendException e = assertThrows(BackendException.class, () -> action.apply(List.of("web")));
            assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
            assertEquals("scheduled task '\\svcctl\\web' is not installed", e.getMessage());
        }
    }

    @Test
    void accessDeniedExitsWith77() throws Exception {
        install(web().build());
        tasks.deny(TASK);
        BackendException e = assertThrows(BackendException.class, () -> backend.stop(List.of("web"), true));
        assertEquals(ExitCode.PERMISSION_DENIED, e.exitCode());
        assertEquals("Task Scheduler denied access to '\\svcctl\\web'", e.getMessage());
    }

    @Test
    void aFailedCreateLeavesNoStoredSpecBehind() {
        WindowsBackend refusing = new WindowsBackend(() -> scm, () -> new StuckTasks(tasks) {
            @Override
            public void create(String n, String xml, boolean replace) throws TaskException {
                throw new TaskException(TaskException.ERROR_ACCESS_DENIED, "Access is denied.");
            }
        }, root -> memoryStore(), name -> null, d -> { });
        BackendException e = assertThrows(BackendException.class,
                () -> refusing.install(List.of(web().build()), InstallOptions.DEFAULT));
        assertEquals(ExitCode.PERMISSION_DENIED, e.exitCode());
        assertFalse(files.texts().containsKey(SPEC));
    }

    @Test
    void startStopAndRestart() throws Exception {
        install(web().build(), options(true, false, false));
        assertFalse(tasks.running(TASK));
        backend.start(List.of("web"), true);
        backend.start(List.of("web"), true);
        assertTrue(tasks.running(TASK), "a second start leaves the instance running");
        backend.stop(List.of("web"), true);
        assertFalse(tasks.running(TASK));
        backend.stop(List.of("web"), true);
        int before = tasks.calls().size();
        backend.restart(List.of("web"), true);
        assertEquals(List.of("query " + TASK, "end " + TASK, "query " + TASK, "run " + TASK), callsSince(before));
        assertTrue(tasks.running(TASK));
    }

    @Test
    void statusReportsRunningStoppedFailedAndEnabled() throws Exception {
        assertEquals(ServiceState.NOT_INSTALLED, status().state());
        install(web().build());
        assertEquals(ServiceState.RUNNING, status().state());
        assertEquals(Optional.of(true), status().enabled());
        backend.stop(List.of("web"), true);
        assertEquals(ServiceState.STOPPED, status().state(), "ended on request is not a failure");
        backend.start(List.of("web"), true);
        tasks.exit(TASK, 3);
        ServiceStatus failed = status();
        assertEquals(ServiceState.FAILED, failed.state());
        assertEquals(OptionalInt.of(3), failed.lastExit().orElseThrow().code());
        backend.start(List.of("web"), true);
        tasks.exit(TASK, 0);
        assertEquals(ServiceState.STOPPED, status().state());
    }

    @Test
    void listShowsTheTasksSvcctlInstalled() throws Exception {
        install(web().build());
        install(ServiceSpec.builder("api", "C:\\api\\api.exe").scope(Scope.USER).build(), options(true, false, false));
        List<ServiceStatus> listed = backend.list(true);
        assertEquals(List.of("api", "web"), listed.stream().map(ServiceStatus::name).toList());
        assertEquals(List.of(ServiceState.STOPPED, ServiceState.RUNNING),
                listed.stream().map(ServiceStatus::state).toList());
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        InstallResult result = install(web().build(), new InstallOptions(true, false, false, false, false,
                Optional.empty()));
        assertEquals(InstallResult.Action.CREATED, result.action());
        assertEquals(List.of("query " + TASK), tasks.calls());
        assertTrue(files.texts().isEmpty());
    }

    @Test
    void withARootOnlyTheFilesAreWritten() throws Exception {
        install(web().build(), new InstallOptions(false, false, false, false, false, Optional.of(Path.of("pkg"))));
        assertEquals(List.of(), tasks.calls());
        assertTrue(files.texts().containsKey(SPEC));
        assertEquals(renderedFile(web().build()), files.text("~/AppData/Local/svcctl/tasks/web.xml").orElse(null));
        assertEquals(Optional.of(Path.of("pkg")), roots.get(roots.size() - 1));
    }

    @Test
    void anEndThatDoesNotEndTheInstanceTimesOut() throws Exception {
        install(web().build());
        WindowsBackend stuck = new WindowsBackend(() -> scm, () -> new StuckTasks(tasks), root -> memoryStore(),
                name -> null, d -> { });
        BackendException e = assertThrows(BackendException.class, () -> stuck.stop(List.of("web"), true));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("scheduled task '\\svcctl\\web' still runs 40s after schtasks /End", e.getMessage());
    }

    /** Task Scheduler that accepts /End but whose instance keeps running. */
    private static class StuckTasks implements dev.svcctl.windows.tasks.TaskScheduler {
        private final InMemoryTaskScheduler model;

        StuckTasks(InMemoryTaskScheduler model) {
            this.model = model;
        }

        @Override
        public void create(String n, String xml, boolean replace) throws TaskException {
            model.create(n, xml, replace);
        }

        @Override
        public Optional<dev.svcctl.windows.tasks.RegisteredTask> query(String n) throws TaskException {
            return model.query(n);
        }

        @Override
        public void run(String n) throws TaskException {
            model.run(n);
        }

        @Override
        public void end(String n) {
        }

        @Override
        public void delete(String n) throws TaskException {
            model.delete(n);
        }

        @Override
        public void setEnabled(String n, boolean enabled) throws TaskException {
            model.setEnabled(n, enabled);
        }

        @Override
        public List<String> list(String folder) {
            return model.list(folder);
        }
    }

    @Test
    void disableAndEnableSwitchTheTaskAndARe_installKeepsTheChoice() throws Exception {
        install(web().build());
        assertTrue(tasks.query(TASK).orElseThrow().enabled());

        assertTrue(backend.disable(List.of("web"), true).get(0).changed());
        assertFalse(tasks.query(TASK).orElseThrow().enabled());
        assertFalse(backend.disable(List.of("web"), true).get(0).changed());

        install(web().args("--port", "9090").build());
        assertFalse(tasks.query(TASK).orElseThrow().enabled(), "a re-install with the same startup keeps it");

        assertTrue(backend.enable(List.of("web"), true).get(0).changed());
        assertTrue(tasks.query(TASK).orElseThrow().enabled());
    }

    @Test
    void enablingAManualTaskIsRefusedWithTheWayToStartItAtLogon() throws Exception {
        install(web().startup(dev.svcctl.spec.Startup.MANUAL).build());
        BackendException e = assertThrows(BackendException.class, () -> backend.enable(List.of("web"), true));
        assertTrue(e.getMessage().contains("no logon trigger"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("startup: auto"));
    }
}
