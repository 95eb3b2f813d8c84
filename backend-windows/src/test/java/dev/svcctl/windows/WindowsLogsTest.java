package dev.svcctl.windows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.install.MemoryArtifactFiles;
import dev.svcctl.logs.LogFileNames;
import dev.svcctl.logs.LogStream;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.scm.InMemoryScm;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** logs on Windows: the service host's rotated files, where the host writes them (%ProgramData% honoured). */
class WindowsLogsTest {
    private final InMemoryScm scm = new InMemoryScm();
    private final MemoryArtifactFiles files = new MemoryArtifactFiles();
    private final Map<String, String> environment = new HashMap<>();
    private final WindowsBackend backend = new WindowsBackend(() -> scm, root -> files, environment::get, d -> { });

    private String logs(String name, LogStream stream, int lines) throws BackendException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backend.logs(name, stream, lines, false, false, out);
        return out.toString(UTF_8);
    }

    @Test
    void aServicesOutputComesFromTheHostsRotatedFilesUnderProgramData() throws Exception {
        Path programData = Files.createDirectories(Path.of("target/windows-logs", UUID.randomUUID().toString()))
                .toAbsolutePath();
        environment.put("ProgramData", programData.toString());
        backend.install(List.of(ServiceSpec.builder("web", "C:\\web\\web.exe")
                .logs(new LogsSpec(LogTarget.DEFAULT, LogTarget.DISCARD, Optional.empty(), Optional.empty()))
                .build()), InstallOptions.DEFAULT);
        // Where the host writes: its settings' default directory, C:\ProgramData\svcctl\logs\web, on this host.
        Path dir = Files.createDirectories(WindowsPaths.onHost(WindowsPaths.logDirectory("web"), environment::get));
        Files.writeString(dir.resolve(new LogFileNames("stdout").rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1)),
                "one\r\ntwo\r\n");
        Files.writeString(dir.resolve("stdout.log"), "three\r\n");

        assertEquals("two\r\nthree\r\n", logs("web", LogStream.STDOUT, 2));
        BackendException e = assertThrows(BackendException.class, () -> logs("web", LogStream.STDERR, 2));
        assertEquals("the stderr of web is not written to a file (logs.stderr: discard)", e.getMessage());
    }

    @Test
    void aServiceWithNoStoredSpecIsNotInstalled() {
        BackendException e = assertThrows(BackendException.class, () -> logs("absent", LogStream.STDOUT, 2));
        assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
    }
}
