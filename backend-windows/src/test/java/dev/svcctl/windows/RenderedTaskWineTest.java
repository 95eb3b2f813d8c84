package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.tasks.SchtasksTaskScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered at-logon task XML is registered by Wine's Task Scheduler through svcctl's schtasks adapter, and what
 * Wine stores (where Windows does, %SystemRoot%\System32\Tasks) keeps the settings svcctl sets. Wine 8 drops the
 * Triggers of a task ("read_triggers stub"), so the LogonTrigger's UserId is checked on the rendering only
 * (WindowsBackendRenderTest).
 */
class RenderedTaskWineTest {
    private static final Path XML_DIRECTORY = Path.of("target", "wine", "rendered-tasks").toAbsolutePath();

    @BeforeAll
    static void wine() {
        WineTools.assumeAvailable();
    }

    @Test
    void winesTaskSchedulerAcceptsTheRenderedTaskAndKeepsItsNormalPriority() throws Exception {
        ProcessRunner wine = (argv, timeout) -> {
            WineTools.Result r = WineTools.wineProgram(argv, Map.of(), (int) timeout.toSeconds());
            return new ProcessRunner.Result(r.exitCode(), r.stdout(), r.stderr());
        };
        SchtasksTaskScheduler tasks = new SchtasksTaskScheduler(wine, "C:\\windows\\system32\\schtasks.exe",
                XML_DIRECTORY, WineTools::windowsPath);
        String folder = "svcctl-" + UUID.randomUUID().toString().substring(0, 8);
        WindowsBackend backend = new WindowsBackend(() -> null, root -> null,
                Map.of("USERDOMAIN", "WINEDOMAIN", "USERNAME", "root")::get, d -> { });
        String xml = backend.render(ServiceSpec.builder("web", "C:\\web\\web.exe").scope(Scope.USER).build(),
                RenderOptions.DEFAULT).artifacts().get(0).content();
        String name = "\\" + folder + "\\web";
        tasks.create(name, xml.replace(ScheduledTaskRenderer.taskName(ServiceSpec.builder("web", "x").build()), name),
                false);
        try {
            Path stored = WineTools.driveC().resolve("windows/system32/tasks").resolve(folder).resolve("web");
            byte[] bytes = Files.readAllBytes(stored);
            String text = (bytes.length > 1 && (bytes[0] & 0xFF) == 0xFF)
                    ? new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE)
                    : new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.contains("<Priority>4</Priority>"), text);
            assertEquals(true, dev.svcctl.windows.tasks.TaskXmlFields.enabled(text), text);
        } finally {
            tasks.delete(name);
        }
    }
}
