package dev.svcctl.logs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The one reader of svcctl's log files, on real files in a real directory. */
class ServiceLogsTest {
    private static final LogFileNames NAMES = new LogFileNames("stdout");

    private static Path dir() throws IOException {
        Path dir = Path.of("target/service-logs-test", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(ISO_8859_1));
    }

    private static void writeGz(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(ISO_8859_1));
        }
    }

    private static String tail(Path dir, int lines) throws BackendException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServiceLogs.show(dir, "stdout", lines, false, out);
        return out.toString(ISO_8859_1);
    }

    /** Three generations: compressed, rotated, active; plus another stream's file that must not show. */
    private static Path threeGenerations() throws IOException {
        Path dir = dir();
        writeGz(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1) + ".gz"), "1\n2\n3\n");
        write(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-01T01:00:00Z"), 2)), "4\n5\n6\n");
        write(dir.resolve("stdout.log"), "7\n8\n");
        write(dir.resolve("stderr.log"), "error\n");
        return dir;
    }

    @Test
    void theLastLinesReachBackIntoRotatedAndCompressedFiles() throws Exception {
        Path dir = threeGenerations();

        assertEquals("8\n", tail(dir, 1));
        assertEquals("7\n8\n", tail(dir, 2));
        assertEquals("5\n6\n7\n8\n", tail(dir, 4));
        assertEquals("2\n3\n4\n5\n6\n7\n8\n", tail(dir, 7));
        assertEquals("1\n2\n3\n4\n5\n6\n7\n8\n", tail(dir, 100));
    }

    @Test
    void rotatedFilesAreOrderedByTheirNumberNotTheirName() throws Exception {
        Path dir = dir();
        write(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-02T00:00:00Z"), 9)), "older\n");
        write(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 10)), "newer\n");

        assertEquals("older\nnewer\n", tail(dir, 10));
    }

    @Test
    void zeroLinesPrintNothing() throws Exception {
        assertEquals("", tail(threeGenerations(), 0));
    }

    @Test
    void anUnterminatedLastLineIsPrintedAsItIsAndCountsAsALine() throws Exception {
        Path dir = dir();
        write(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1)), "old\nhalf");
        write(dir.resolve("stdout.log"), "a\nb");

        assertEquals("b", tail(dir, 1));
        assertEquals("a\nb", tail(dir, 2));
        // A rotated file that ends mid-line is followed by a newline, as the supervisor adds one between runs.
        assertEquals("half\na\nb", tail(dir, 3));
    }

    @Test
    void bytesPassThroughUndecoded() throws Exception {
        Path dir = dir();
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 'x', '\n', (byte) 0xc3, '\r', '\n'};
        Files.write(dir.resolve("stdout.log"), bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ServiceLogs.show(dir, "stdout", 5, false, out);

        assertArrayEquals(bytes, out.toByteArray());
    }

    @Test
    void longFilesAreReadBackFromTheirEnd() throws Exception {
        Path dir = dir();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        write(dir.resolve("stdout.log"), text.toString());

        assertEquals("line 99997\nline 99998\nline 99999\n", tail(dir, 3));
        assertEquals(text.toString(), tail(dir, 100_000));
    }

    @Test
    void noActiveFileYetShowsTheRotatedOnes() throws Exception {
        Path dir = dir();
        write(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1)), "x\ny\n");

        assertEquals("y\n", tail(dir, 1));
        assertEquals("", tail(dir(), 5));
    }

    @Test
    void aMissingDirectoryIsAOneLineError() throws Exception {
        BackendException e = assertThrows(BackendException.class, () -> tail(dir().resolve("absent"), 5));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aSymbolicLinkPlantedAsTheLogFileIsRefused() throws Exception {
        Path dir = dir();
        Path secret = dir.resolve("secret");
        write(secret, "do not show\n");
        Files.createSymbolicLink(dir.resolve("stdout.log"), secret);

        BackendException e = assertThrows(BackendException.class, () -> tail(dir, 5));

        assertEquals(dir.resolve("stdout.log") + " is a symbolic link, not a log file svcctl wrote; not following it",
                e.getMessage());
        assertTrue(e.hint().isPresent());
    }

    @Test
    void aSymbolicLinkPlantedAsARotatedFileIsRefusedToo() throws Exception {
        Path dir = dir();
        write(dir.resolve("stdout.log"), "now\n");
        write(dir.resolve("secret"), "do not show\n");
        Files.createSymbolicLink(dir.resolve(NAMES.rotatedName(Instant.parse("2026-01-01T00:00:00Z"), 1)),
                dir.resolve("secret"));

        assertEquals("now\n", tail(dir, 1), "a tail that does not reach the link does not open it");
        BackendException e = assertThrows(BackendException.class, () -> tail(dir, 5));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    }

    @Test
    void aFifoPlantedAsTheLogFileIsRefusedWithoutBlocking() throws Exception {
        Path dir = dir();
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("stdout.log").toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0 || System.getenv("CI") != null, "mkfifo is not available");

        BackendException e = assertThrows(BackendException.class, () -> tail(dir, 5));

        assertTrue(e.getMessage().endsWith("stdout.log is not a regular file; not reading it"), e.getMessage());
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        Path dir = dir();
        write(dir.resolve("stdout.log"), "x\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        BackendException e = assertThrows(BackendException.class, () -> tail(dir, 5));

        assertEquals("the log directory " + dir + " is writable by every user: another user could put any file"
                + " under a log file's name; not reading it", e.getMessage());
    }

    @Test
    void anotherUsersFileIsRefusedAndTheServiceUsersIsRead() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(root || System.getenv("CI") != null, "needs root to give a file to another user");
        Path dir = dir();
        write(dir.resolve("stdout.log"), "written by nobody\n");
        Files.setOwner(dir.resolve("stdout.log"),
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        BackendException e = assertThrows(BackendException.class, () -> tail(dir, 5));
        assertEquals(dir.resolve("stdout.log") + " is owned by nobody, not by root or the service's user;"
                + " not reading it", e.getMessage());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServiceLogs.show(dir, "stdout", Optional.of("nobody"), 5, false, out);
        assertEquals("written by nobody\n", out.toString(ISO_8859_1));
    }

    @Test
    void followingPrintsWhatIsAppendedAndEndsWhenInterrupted() throws Exception {
        Path dir = dir();
        write(dir.resolve("stdout.log"), "old\n");
        SyncOutput out = new SyncOutput();
        Thread follower = new Thread(() -> {
            try {
                ServiceLogs.show(dir, "stdout", Optional.empty(), 1, true, out, Duration.ofMillis(20));
            } catch (BackendException e) {
                out.failure = e;
            }
        });
        follower.start();
        out.await("old\n");
        Files.write(dir.resolve("stdout.log"), "partial".getBytes(ISO_8859_1), StandardOpenOption.APPEND);
        out.await("old\npartial");
        Files.write(dir.resolve("stdout.log"), " line\n".getBytes(ISO_8859_1), StandardOpenOption.APPEND);
        out.await("old\npartial line\n");

        follower.interrupt();
        follower.join(10_000);

        assertFalse(follower.isAlive(), "an interrupt ends following");
        assertEquals(null, out.failure);
        assertEquals("old\npartial line\n", out.text());
    }

    @Test
    void followingFromZeroLinesPrintsOnlyWhatComesNext() throws Exception {
        Path dir = threeGenerations();
        SyncOutput out = new SyncOutput();
        Thread follower = new Thread(() -> {
            try {
                ServiceLogs.show(dir, "stdout", Optional.empty(), 0, true, out, Duration.ofMillis(20));
            } catch (BackendException e) {
                out.failure = e;
            }
        });
        follower.start();
        // Lines keep coming until the follower prints one: those before it started are not printed (-n 0).
        int written = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.text().isEmpty() && System.nanoTime() < deadline) {
            Files.write(dir.resolve("stdout.log"), ("new " + ++written + "\n").getBytes(ISO_8859_1),
                    StandardOpenOption.APPEND);
            Thread.sleep(30);
        }
        String last = "new " + written + "\n";
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!out.text().endsWith(last) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        follower.interrupt();
        follower.join(10_000);
        assertFalse(follower.isAlive());
        List<String> lines = out.text().lines().toList();
        assertTrue(lines.get(0).startsWith("new "), "nothing of what was there before: " + lines);
        int first = Integer.parseInt(lines.get(0).substring(4));
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("new " + (first + i), lines.get(i));
        }
        assertEquals(last, lines.get(lines.size() - 1) + "\n");
    }

    @Test
    void followingWaitsForTheFirstActiveFile() throws Exception {
        Path dir = dir();
        SyncOutput out = new SyncOutput();
        Thread follower = new Thread(() -> {
            try {
                ServiceLogs.show(dir, "stdout", Optional.empty(), 10, true, out, Duration.ofMillis(20));
            } catch (BackendException e) {
                out.failure = e;
            }
        });
        follower.start();
        Thread.sleep(100);
        write(dir.resolve("stdout.log"), "first\n");
        out.await("first\n");
        follower.interrupt();
        follower.join(10_000);
        assertFalse(follower.isAlive());
    }

    @Test
    void negativeLineCountsAreAUsageError() {
        BackendException e = assertThrows(BackendException.class, () -> tail(dir(), -1));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    /** Output a test thread can wait on. */
    static final class SyncOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile BackendException failure;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(ISO_8859_1);
        }

        /** Waits (generously) until the output is exactly {@code expected}. */
        synchronized void await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!text().equals(expected) && System.nanoTime() < deadline && failure == null) {
                wait(50);
            }
            assertEquals(expected, text());
        }
    }
}
