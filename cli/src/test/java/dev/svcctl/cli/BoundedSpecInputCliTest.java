package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code svcctl validate} of inputs far larger than a spec, as its own process with a 32 MiB heap (so reading the
 * whole input would fail): exit 65 within 2 s, one located line, no stack trace.
 */
class BoundedSpecInputCliTest {
    private static final Path FIXTURES = Path.of("target", "bounded-spec-input");
    private static final long PIPED_BYTES = 300L * 1024 * 1024;

    @Test
    void devZero() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")), "no /dev/zero here");
        assertRefusedInTime("/dev/zero", false);
    }

    @Test
    void devStdinWith300MbPipedIn() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/stdin")), "no /dev/stdin here");
        assertRefusedInTime("/dev/stdin", true);
    }

    @Test
    void aSparse2GbFile() throws Exception {
        Files.createDirectories(FIXTURES);
        Path sparse = FIXTURES.resolve("sparse-2gb.yaml");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024);
        }
        try {
            assertRefusedInTime(sparse.toString(), false);
        } finally {
            Files.delete(sparse);
        }
    }

    /**
     * Runs {@code svcctl validate FILE}, with 300 MB written to its stdin or with stdin closed: the whole run, JVM
     * start included, takes under 2 s and ends in one located line with exit 65.
     */
    private static void assertRefusedInTime(String file, boolean pipe300Mb) throws Exception {
        long started = System.nanoTime();
        Process svcctl = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "validate", file)
                .start();
        if (pipe300Mb) {
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream in = svcctl.getOutputStream()) {
                    for (long sent = 0; sent < PIPED_BYTES; sent += chunk.length) {
                        in.write(chunk);
                    }
                } catch (IOException expected) {
                    // Broken pipe once svcctl has stopped reading.
                }
            }, "300mb-to-stdin");
            writer.setDaemon(true);
            writer.start();
        } else {
            svcctl.getOutputStream().close();
        }
        String out = new String(svcctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(svcctl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(svcctl.waitFor(10, TimeUnit.SECONDS), "svcctl validate " + file + " did not end");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(65, svcctl.exitValue(), err);
        assertEquals("", out);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith(file + ":1:1: ") && err.contains("a spec may be at most 1048576 bytes"), err);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("OutOfMemory"), err);
        assertTrue(millis < 2000, "svcctl validate " + file + " took " + millis + " ms");
    }
}
