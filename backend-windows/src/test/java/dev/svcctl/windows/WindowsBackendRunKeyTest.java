package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.install.MemoryArtifactFiles;
import dev.svcctl.windows.runkey.InMemoryUserRegistry;
import dev.svcctl.windows.runkey.RunKeyAutostart;
import dev.svcctl.windows.scm.InMemoryScm;
import dev.svcctl.windows.tasks.InMemoryTaskScheduler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * scope: user with platform.windows.userAutostart: runKey: install, update, status and uninstall through the backend
 * on the in-memory registry, with the scheduled task's ownership rules; no task and no SCM service is involved.
 */
class WindowsBackendRunKeyTest {
    private static final String SPEC = "~/AppData/Local/svcctl/services/web.yaml";
    private final InMemoryScm scm = new InMemoryScm();
    private final InMemoryTaskScheduler tasks = new InMemoryTaskScheduler();
    private final InMemoryUserRegistry registry = new InMemoryUserRegistry();
    private final MemoryArtifactFiles files = new MemoryArtifactFiles();
    private final WindowsBackend backend = new WindowsBackend(() -> scm, () -> tasks, () -> registry,
            root -> files, Map.of("LOCALAPPDATA", "C:\\Users\\ana\\AppData\\Local")::get, d -> { });

    private static ServiceSpec.Builder web() {
        return ServiceSpec.builder("web", "C:\\web\\web.exe").args("--port", "8080").scope(Scope.USER)
                .platform(new PlatformSpec(PlatformSpec.Systemd.NONE, PlatformSpec.Windows.DEFAULT.withStop(List.of(),
                        PlatformSpec.UserAutostart.RUN_KEY), PlatformSpec.Launchd.DEFAULT));
    }

    private InstallResult install(ServiceSpec spec, boolean force) throws BackendException {
        return backend.install(List.of(spec), new InstallOptions(false, false, false, force, false,
                Optional.empty())).get(0);
    }

    @Test
    void renderShowsTheRunValueWithLocalAppDataExpandedBecauseRegSzIsNot() throws Exception {
        Map<String, Object> r = backend.render(web().build(), RenderOptions.DEFAULT).registration();
        assertEquals("run-key", r.get("kind"));
        assertEquals("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", r.get("runKey"));
        assertEquals("web", r.get("valueName"));
        assertEquals("REG_SZ", r.get("valueType"));
        String command = (String) r.get("command");
        assertTrue(command.startsWith("\"C:\\Program Files\\svcctl\\jre\\bin\\javaw.exe\" "), command);
        assertTrue(command.endsWith(" run \"C:\\Users\\ana\\AppData\\Local\\svcctl\\services\\web.yaml\""), command);
        assertFalse(command.contains("%"), command);
        assertEquals("HKCU\\Software\\svcctl\\RunKey\\web", r.get("ownershipMarker"));
    }

    @Test
    void installWritesTheValueAndTheSpecThenUnchangedThenUninstallRemovesBoth() throws Exception {
        InstallResult created = install(web().build(), false);
        assertEquals(InstallResult.Action.CREATED, created.action());
        String command = (String) backend.render(web().build(), RenderOptions.DEFAULT).registration().get("command");
        assertEquals(Optional.of(command), registry.get(RunKeyAutostart.RUN_KEY, "web"));
        assertTrue(files.text(SPEC).isPresent());
        assertEquals(List.of(), tasks.calls(), "no scheduled task");
        assertEquals(List.of(), scm.calls(), "no service");
        assertEquals(InstallResult.Action.UNCHANGED, install(web().build(), false).action());

        var status = backend.status(List.of("web"), true).get(0);
        assertEquals(ServiceState.STOPPED, status.state());
        assertEquals(Optional.of(true), status.enabled());
        assertFalse(status.drift());

        assertEquals(List.of("web"), backend.list(true).stream().map(st -> st.name()).toList());
        var cat = backend.installedFiles("web", true);
        assertEquals(List.of(SPEC), cat.stream().map(a -> a.installPath()).toList());

        int before = tasks.calls().size();
        BackendException start = assertThrows(BackendException.class, () -> backend.start(List.of("web"), true));
        assertTrue(start.getMessage().contains("starts at logon from the Run key"), start.getMessage());
        assertTrue(start.hint().orElseThrow().contains("svcctl run --name web"), start.hint().toString());
        assertEquals(List.of(), tasks.calls().subList(before, tasks.calls().size()), "no task is looked for");

        assertEquals(InstallResult.Action.UPDATED, install(web().args("--port", "9090").build(), false).action());
        registry.set(RunKeyAutostart.RUN_KEY, "web", registry.get(RunKeyAutostart.RUN_KEY, "web").orElseThrow()
                + " --edited");
        assertTrue(backend.status(List.of("web"), true).get(0).drift(), "a hand edit is drift");

        backend.uninstall(List.of("web"), new InstallOptions(false, false, false, false, true, Optional.empty()));
        assertEquals(Optional.empty(), registry.get(RunKeyAutostart.RUN_KEY, "web"));
        assertEquals(Optional.empty(), registry.get(RunKeyAutostart.MARKER_KEY, "web"));
        assertEquals(Optional.empty(), files.text(SPEC));
    }

    @Test
    void aRunValueSvcctlDidNotWriteIsRefusedAndLeftAloneUnlessForced() throws Exception {
        registry.set(RunKeyAutostart.RUN_KEY, "web", "C:\\theirs\\tray.exe");
        BackendException e = assertThrows(BackendException.class, () -> install(web().build(), false));
        assertTrue(e.getMessage().contains("the Run value 'web'"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("--force"), e.hint().toString());
        assertEquals(Optional.of("C:\\theirs\\tray.exe"), registry.get(RunKeyAutostart.RUN_KEY, "web"));
        assertEquals(Optional.empty(), files.text(SPEC), "nothing written while a problem stands");

        install(web().build(), true);
        assertTrue(registry.get(RunKeyAutostart.RUN_KEY, "web").orElseThrow().contains("javaw.exe"));
    }
}
