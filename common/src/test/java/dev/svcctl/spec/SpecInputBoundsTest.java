package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reading a spec is bounded whatever the input is: a device or a pipe reports size 0, so the loader must stop
 * reading after the limit instead of trusting the size. Each refusal is one located line, within 2 s, and the
 * reading thread allocates a few MiB at most.
 */
class SpecInputBoundsTest {
    private static final Path FIXTURES = Path.of("target", "spec-input-bounds");
    private static final long TWO_SECONDS_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The limit plus the copies reading makes; reading the whole input would allocate hundreds of MiB. */
    private static final long ALLOCATION_BOUND = 8L * SpecLoader.MAX_FILE_BYTES;

    private static String readTooMuch(String file) {
        return file + ":1:1: more than " + SpecLoader.MAX_FILE_BYTES + " bytes were read; a spec may be at most "
                + SpecLoader.MAX_FILE_BYTES + " bytes (hint: is this really a service spec?)";
    }

    @Test
    void devZeroIsRefusedAfterTheLimit() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        assertEquals(List.of(readTooMuch("/dev/zero")), refusedBoundedly(zero));
    }

    @Test
    void aPipeOf300MbIsRefusedAfterTheLimitWithoutReadingTheRest() throws Exception {
        Files.createDirectories(FIXTURES);
        Path fifo = FIXTURES.resolve("spec.fifo");
        Files.deleteIfExists(fifo);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        long total = 300L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (written.get() < total) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException expected) {
                // Broken pipe: the reader stopped, which is the point.
            }
        }, "300mb-writer");
        writer.setDaemon(true);
        writer.start();

        assertEquals(List.of(readTooMuch(fifo.toString())), refusedBoundedly(fifo));
        writer.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(written.get() < total / 10, "the writer got " + written.get() + " bytes through");
    }

    @Test
    void aSparse2GbFileIsRefusedByItsSizeBeforeItIsRead() throws IOException {
        Files.createDirectories(FIXTURES);
        Path sparse = FIXTURES.resolve("sparse-2gb.yaml");
        long size = 2L * 1024 * 1024 * 1024;
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(size);
        }
        try {
            assertEquals(List.of(sparse + ":1:1: the file is " + size + " bytes; a spec may be at most "
                    + SpecLoader.MAX_FILE_BYTES + " bytes (hint: is this really a service spec?)"),
                    refusedBoundedly(sparse));
        } finally {
            Files.delete(sparse);
        }
    }

    @Test
    void aFileOfExactlyTheLimitIsStillRead() throws IOException {
        Files.createDirectories(FIXTURES);
        Path file = FIXTURES.resolve("exactly-1mib.yaml");
        byte[] spec = new byte[SpecLoader.MAX_FILE_BYTES];
        Arrays.fill(spec, (byte) '#');
        for (int i = 1023; i < spec.length; i += 1024) {
            spec[i] = '\n';
        }
        byte[] head = "name: edge\nexec: /bin/true\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, spec, 0, head.length);
        Files.write(file, spec);
        assertEquals("edge", assertDoesNotThrow(() -> SpecLoader.load(file)).spec().name());
    }

    /** Loads {@code file}, which must be refused within 2 s by a thread that allocates a bounded amount. */
    private static List<String> refusedBoundedly(Path file) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecLoader.load(file));
        long took = System.nanoTime() - started;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertTrue(took < TWO_SECONDS_NANOS, file + " took " + took / 1_000_000 + " ms");
        assertTrue(allocated < ALLOCATION_BOUND, file + ": reading it allocated " + allocated + " bytes");
        return e.errors().stream().map(SpecError::format).toList();
    }
}
