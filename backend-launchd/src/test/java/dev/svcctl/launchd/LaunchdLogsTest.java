package dev.svcctl.launchd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.logs.LogFileNames;
import dev.svcctl.logs.LogStream;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** logs on launchd: the supervisor's rotated files for a supervised service, the plist's files otherwise. */
class LaunchdLogsTest {
    private final List<String> events = new ArrayList<>();
    private final MemoryFiles files = new MemoryFiles(events);
    private final LaunchdBackend root = new LaunchdBackend(new FakeLaunchctl(events), files, files, FakeHost.ROOT);
    private final Path logDir;

    LaunchdLogsTest() throws Exception {
        logDir = Files.createDirectories(Path.of("target/launchd-logs", UUID.randomUUID().toString()))
                .toAbsolutePath();
    }

    private String logs(String name, LogStream stream, int lines) throws BackendException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        root.logs(name, stream, lines, false, false, out);
        return out.toString(UTF_8);
    }

    @Test
    void aSupervisedServicesOutputComesFromTheSupervisorsRotatedFiles() throws Exception {
        LogsSpec rotated = new LogsSpec(LogTarget.DEFAULT, LogTarget.DISCARD, Optional.of(logDir.toString()),
                Optional.of(new RotateSpec(OptionalLong.of(4096), RotateEvery.NONE, 3, false, OptionalLong.empty())));
        root.install(List.of(ServiceSpec.builder("app", "/opt/app/bin/app").logs(rotated).build()),
                InstallOptions.DEFAULT);
        assertTrue(files.files.get(Path.of("/Library/LaunchDaemons/app.plist")).contains("<string>run</string>"));
        Files.writeString(logDir.resolve(new LogFileNames("stdout")
                .rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1)), "first\n");
        Files.writeString(logDir.resolve("stdout.log"), "second\n");

        assertEquals("first\nsecond\n", logs("app", LogStream.STDOUT, 5));
        BackendException e = assertThrows(BackendException.class, () -> logs("app", LogStream.STDERR, 5));
        assertEquals("the stderr of app is not written to a file (logs.stderr: discard)", e.getMessage());
        assertEquals(ExitCode.FAILED, e.exitCode());
    }

    @Test
    void aNativeJobsFilesAreThePlistsStandardPaths() throws Exception {
        root.install(List.of(ServiceSpec.builder("plain", "/opt/app/bin/app")
                .logs(new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.of(logDir.toString()), Optional.empty()))
                .build()), InstallOptions.DEFAULT);
        Files.writeString(logDir.resolve("stdout.log"), "out 1\nout 2\n");
        Files.writeString(logDir.resolve("stderr.log"), "err 1\n");

        assertEquals("out 2\n", logs("plain", LogStream.STDOUT, 1));
        assertEquals("err 1\n", logs("plain", LogStream.STDERR, 1));
    }

    @Test
    void aServiceThatIsNotInstalledExits4() {
        BackendException e = assertThrows(BackendException.class, () -> logs("absent", LogStream.STDOUT, 1));
        assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
    }
}
