package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.MemoryArtifactFiles;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.scm.InMemoryScm;
import dev.svcctl.windows.scm.ScmException;
import dev.svcctl.windows.scm.ServiceState;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Shared service groups through the backend's operations and the in-memory SCM, which models shared host processes
 * (one per binary path and account, its dispatcher table fixed at its start, gone with its last running service).
 */
class WindowsSharedGroupOperationsTest {
    private final InMemoryScm scm = new InMemoryScm();
    private final MemoryArtifactFiles files = new MemoryArtifactFiles();
    private final Map<String, String> environment = new HashMap<>();
    private final WindowsBackend backend = new WindowsBackend(() -> scm, root -> store(), environment::get,
            d -> { });

    private ArtifactFiles store() {
        return files;
    }

    private static ServiceSpec shared(String name, String account) {
        return WindowsSharedGroupRenderTest.shared(name, account);
    }

    private InstallResult install(ServiceSpec spec, InstallOptions options) throws BackendException {
        return backend.install(List.of(spec), options).get(0);
    }

    private static final InstallOptions NO_START = new InstallOptions(false, true, false, false, false, Optional.empty());

    private ServiceState.State state(String name) {
        return scm.state(name).orElseThrow();
    }

    @Test
    void twoServicesOfAGroupRunInOneProcessAndOneStopsWithoutTheOther() throws Exception {
        install(shared("a", "localService"), NO_START);
        install(shared("b", "localService"), NO_START);
        backend.start(List.of("a", "b"), false);
        assertEquals(ServiceState.State.RUNNING, state("a"));
        assertEquals(ServiceState.State.RUNNING, state("b"));
        assertEquals(1, scm.sharedHostProcesses());
        assertEquals(scm.pid("a"), scm.pid("b"), "one host process");
        List<ServiceStatus> both = backend.status(List.of("a", "b"), false);
        assertEquals(List.of(dev.svcctl.backend.ServiceState.RUNNING, dev.svcctl.backend.ServiceState.RUNNING),
                both.stream().map(ServiceStatus::state).toList());
        assertFalse(both.get(0).drift(), "a shared service's registration reads back as rendered");

        backend.stop(List.of("a"), false);
        assertEquals(ServiceState.State.STOPPED, state("a"));
        assertEquals(ServiceState.State.RUNNING, state("b"), "the other service stays");
        assertEquals(1, scm.sharedHostProcesses(), "and so does the host process");
        assertEquals(dev.svcctl.backend.ServiceState.STOPPED, backend.status(List.of("a"), false).get(0).state());

        backend.stop(List.of("b"), false);
        assertEquals(0, scm.sharedHostProcesses(), "the last service stopped: the host process ended");
    }

    @Test
    void aServiceWithAnotherAccountGetsAGroupAndProcessOfItsOwn() throws Exception {
        install(shared("a", "localService"), InstallOptions.DEFAULT);
        install(shared("n", "networkService"), InstallOptions.DEFAULT);
        assertEquals(ServiceState.State.RUNNING, state("n"));
        assertEquals(2, scm.sharedHostProcesses());
        assertNotEquals(scm.pid("a"), scm.pid("n"));
        assertEquals(Set.of("a"), scm.sharedHostTable("a").orElseThrow());
        assertEquals(Set.of("n"), scm.sharedHostTable("n").orElseThrow());
    }

    @Test
    void aServiceInstalledIntoARunningGroupStaysStoppedAndInstallSaysHowToStartIt() throws Exception {
        install(shared("a", "localService"), InstallOptions.DEFAULT);
        InstallResult late = install(shared("b", "localService"), InstallOptions.DEFAULT);
        assertEquals(InstallResult.Action.CREATED, late.action(), "installed all the same");
        assertEquals(ServiceState.State.STOPPED, state("b"));
        assertEquals(ServiceState.State.RUNNING, state("a"), "install never stops the other services of the group");
        String note = late.note().orElseThrow();
        assertTrue(note.contains("b is installed but not started") && note.contains("svcctl stop a, then svcctl"
                + " start a b"), note);

        BackendException e = assertThrows(BackendException.class, () -> backend.start(List.of("b"), false));
        assertTrue(e.getMessage().contains("installed after the host process of its service group started"),
                e.getMessage());
        assertEquals(1, e.exitCode().code());
        assertEquals(Optional.of("its group's host process runs a: svcctl stop a, then svcctl start a b (a new host"
                + " process runs them all)"), e.hint(), "the hint names the running services (status does not)");

        backend.stop(List.of("a"), false);
        backend.start(List.of("a", "b"), false);
        assertEquals(ServiceState.State.RUNNING, state("b"), "a new host process has both in its table");
        assertEquals(scm.pid("a"), scm.pid("b"));
        assertEquals(Set.of("a", "b"), scm.sharedHostTable("b").orElseThrow());
    }

    @Test
    void twoNewServicesOfAGroupInstalledTogetherBothStartInOneHostProcess() throws Exception {
        // the first start launches the host, whose table is fixed then: every service must be registered before it
        List<InstallResult> results = backend.install(List.of(shared("a", "localService"),
                shared("b", "localService")), InstallOptions.DEFAULT);
        assertEquals(List.of(InstallResult.Action.CREATED, InstallResult.Action.CREATED),
                results.stream().map(InstallResult::action).toList());
        assertEquals(ServiceState.State.RUNNING, state("a"));
        assertEquals(ServiceState.State.RUNNING, state("b"), results.get(1).note().orElse(""));
        assertEquals(scm.pid("a"), scm.pid("b"), "one host process");
        assertEquals(Set.of("a", "b"), scm.sharedHostTable("a").orElseThrow());
        assertTrue(results.stream().allMatch(r -> r.note().isEmpty()), results.toString());
    }

    @Test
    void uninstallingTheLastServiceOfAGroupLeavesNothing() throws Exception {
        install(shared("a", "localService"), InstallOptions.DEFAULT);
        install(shared("b", "localService"), NO_START);
        backend.uninstall(List.of("a"), InstallOptions.DEFAULT);
        assertFalse(scm.exists("a"));
        assertEquals(0, scm.sharedHostProcesses());
        backend.uninstall(List.of("b"), InstallOptions.DEFAULT);
        assertFalse(scm.exists("b"));
        assertEquals(0, scm.sharedHostProcesses());
        assertEquals(Optional.empty(), files.text(WindowsPaths.specFile("a")));
        assertEquals(Optional.empty(), files.text(WindowsPaths.specFile("b")));
    }

    @Test
    void turningAnOwnProcessServiceIntoASharedOneIsAnUpdateOfItsTypeAndBinaryPath() throws Exception {
        ServiceSpec own = ServiceSpec.builder("a", "C:\\apps\\a.exe").build();
        install(own, InstallOptions.DEFAULT);
        assertEquals(0, scm.sharedHostProcesses());
        InstallResult moved = install(shared("a", "LocalSystem"), InstallOptions.DEFAULT);
        assertEquals(InstallResult.Action.UPDATED, moved.action());
        assertEquals(ServiceState.State.RUNNING, state("a"));
        assertEquals(1, scm.sharedHostProcesses());
        assertEquals(InstallResult.Action.UNCHANGED, install(shared("a", "LocalSystem"), InstallOptions.DEFAULT)
                .action());
        assertTrue(moved.diff().isEmpty());
        assertTrue(backend.install(List.of(own), new InstallOptions(true, false, false, false, false, Optional.empty())).get(0).diff()
                .orElseThrow().contains("-serviceType: share-process"));
    }
}
