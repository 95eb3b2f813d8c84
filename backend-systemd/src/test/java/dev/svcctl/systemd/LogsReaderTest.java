package dev.svcctl.systemd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.logs.LogFileNames;
import dev.svcctl.logs.LogStream;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * logs: the files the supervisor (or systemd) writes, read with common's reader; journalctl otherwise, attached to
 * the terminal when the output is standard output (the CLI), read into the given stream else (svcctl serve), with a
 * deadline unless it follows.
 */
class LogsReaderTest {
    private static final LogsSpec ROTATED = new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.empty(),
            Optional.of(new RotateSpec(OptionalLong.of(1024), RotateEvery.NONE, 5, true, OptionalLong.empty())));

    /** A command LogsReader ran attached to the terminal (the fake systemd answers the others). */
    private record Attached(List<String> argv, Duration timeout) {
    }

    private final Fixture fixture;
    private final List<Attached> attached = new ArrayList<>();
    /** journalctl runs whose output LogsReader read (for a stream other than standard output). */
    private final List<Attached> read = new ArrayList<>();
    private final SystemdHost recorded;

    LogsReaderTest() throws IOException {
        fixture = new Fixture();
        fixture.executable("/usr/bin/app");
        ProcessRunner recording = new ProcessRunner() {
            @Override
            public Result run(List<String> argv, Duration timeout) throws IOException {
                if (argv.get(0).equals("journalctl")) {
                    read.add(new Attached(argv, timeout));
                }
                return fixture.systemd.run(argv, timeout);
            }

            @Override
            public int runAttached(List<String> argv, Duration timeout) {
                attached.add(new Attached(argv, timeout));
                return 0;
            }
        };
        SystemdHost host = fixture.host();
        recorded = new SystemdHost(recording, host.accounts(), host.files(), host.superuser(), host.path(),
                host.pauses(), host.svcctlCommand(), host.settleBound());
    }

    private void install(ServiceSpec spec) throws BackendException {
        fixture.backend().install(List.of(spec), InstallOptions.DEFAULT);
    }

    private String logs(String service, LogStream stream, int lines) throws BackendException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogsReader(recorded, false).show(service, stream, lines, false, out);
        return out.toString(UTF_8);
    }

    private Path write(String hostPath, String text) throws IOException {
        Path file = fixture.files.resolve(hostPath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void followingRunsJournalctlWithoutADeadlineAndAOneOffReadWithOne() throws Exception {
        install(ServiceSpec.builder("web", "/usr/bin/app").build());

        new LogsReader(recorded, false).show("web", LogStream.STDOUT, 10, true, System.out);
        new LogsReader(recorded, false).show("web", LogStream.STDOUT, 10, false, System.out);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        new LogsReader(recorded, false).show("web", LogStream.STDOUT, 10, false, response);

        assertEquals(List.of("journalctl", "--unit", "web.service", "--lines", "10", "--no-pager", "--output",
                "short-iso", "--follow"), attached.get(0).argv());
        assertEquals(ProcessRunner.NO_TIMEOUT, attached.get(0).timeout());
        assertEquals(Systemctl.DEFAULT_TIMEOUT, attached.get(1).timeout());
        assertEquals(2, attached.size(), "standard output: journalctl writes there itself");
        assertEquals(List.of("journalctl", "--unit", "web.service", "--lines", "10", "--no-pager", "--output",
                "short-iso"), read.get(0).argv(), "another stream: its lines are read and written there");
        assertEquals(Systemctl.DEFAULT_TIMEOUT, read.get(0).timeout());
        assertEquals("Nov 21 crash: boom\n", response.toString(UTF_8));
    }

    @Test
    void aSupervisedServicesOutputComesFromTheRotatedFilesTheSupervisorWrites() throws Exception {
        install(ServiceSpec.builder("web", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL).logs(ROTATED).build());
        assertTrue(Files.readString(fixture.unitFile("web")).contains("svcctl\" \"run\""), "runs under svcctl run");
        LogFileNames names = new LogFileNames("stdout");
        write("/var/log/svcctl/web/" + names.rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1), "one\ntwo\n");
        write("/var/log/svcctl/web/stdout.log", "three\n");
        write("/var/log/svcctl/web/stderr.log", "oops\n");

        assertEquals("two\nthree\n", logs("web", LogStream.STDOUT, 2));
        assertEquals("oops\n", logs("web", LogStream.STDERR, 5));
        assertEquals(List.of(), attached, "no journalctl, no tail");
    }

    @Test
    void aHostServedServicesOutputComesFromTheRotatedFilesTheHostWritesNotFromItsFifos() throws Exception {
        install(ServiceSpec.builder("web", "/usr/bin/app").logs(ROTATED).build());
        String unit = Files.readString(fixture.unitFile("web"));
        assertTrue(unit.contains("\nStandardOutput=file:/run/svcctl/log/web.stdout\n"), unit);
        write("/var/log/svcctl/web/stdout.log", "one\ntwo\n");
        write("/var/log/svcctl/web/stderr.log", "oops\n");

        assertEquals("two\n", logs("web", LogStream.STDOUT, 1));
        assertEquals("oops\n", logs("web", LogStream.STDERR, 5));
        assertEquals(List.of(), attached, "no journalctl, no tail");
        assertEquals(List.of(), LogsReader.logFiles(unit, false), "a FIFO is no log file (install makes no"
                + " directory for it)");
    }

    @Test
    void aSupervisedServiceWhoseStdoutGoesToTheJournalIsShownByJournalctl() throws Exception {
        install(ServiceSpec.builder("web", "/usr/bin/app").supervisor(SupervisorMode.SVCCTL)
                .logs(new LogsSpec(LogTarget.DEFAULT, LogTarget.FILE, Optional.of("/srv/web-logs"), Optional.empty()))
                .build());
        write("/srv/web-logs/stderr.log", "err\n");

        assertEquals("Nov 21 crash: boom\n", logs("web", LogStream.STDOUT, 3), "the fake journalctl's line");
        assertEquals("journalctl", read.get(0).argv().get(0));
        assertEquals("err\n", logs("web", LogStream.STDERR, 3), "logs.dir is where the supervisor writes");
    }

    @Test
    void stderrInTheJournalIsAUsageErrorWithAHint() throws Exception {
        install(ServiceSpec.builder("web", "/usr/bin/app").build());

        BackendException e = assertThrows(BackendException.class, () -> logs("web", LogStream.STDERR, 3));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("the stderr of web is not written to a file of its own (logs.stderr: journal); the journal does"
                + " not keep it apart from stdout", e.getMessage());
        assertEquals(Optional.of("'svcctl logs web' shows the journal, both streams together; 'logs.stderr: file'"
                + " keeps stderr in a file of its own"), e.hint());
        assertEquals(List.of(), attached);
    }

    @Test
    void aNativeUnitsAppendFilesAreReadWithTheSameReaderNotTail() throws Exception {
        install(ServiceSpec.builder("native", "/usr/bin/app")
                .logs(new LogsSpec(LogTarget.FILE, LogTarget.FILE, Optional.of("/var/log/native"), Optional.empty()))
                .build());
        assertTrue(Files.readString(fixture.unitFile("native")).contains("StandardOutput=append:/var/log/native/"));
        write("/var/log/native/stdout.log", "a\nb\nc");
        write("/var/log/native/stderr.log", "e\n");

        assertEquals("b\nc", logs("native", LogStream.STDOUT, 2));
        assertEquals("e\n", logs("native", LogStream.STDERR, 2));
        assertEquals(List.of(), attached);
    }

    @Test
    void aLinkPlantedAsAServicesLogFileIsRefused() throws Exception {
        install(ServiceSpec.builder("web", "/usr/bin/app").logs(ROTATED).build());
        Path secret = write("/etc/secret", "do not show\n");
        Path log = fixture.files.resolve("/var/log/svcctl/web/stdout.log");
        Files.createDirectories(log.getParent());
        Files.createSymbolicLink(log, secret);

        BackendException e = assertThrows(BackendException.class, () -> logs("web", LogStream.STDOUT, 5));

        assertEquals(log + " is a symbolic link, not a log file svcctl wrote; not following it", e.getMessage());
    }
}
