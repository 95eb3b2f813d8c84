package dev.svcctl.supervisor;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The real tee protocol on a real FIFO (Linux). */
class PosixFifoPortTest {
    private static final boolean LINUX = System.getProperty("os.name").equals("Linux");

    private static Path mkfifo(Path dir, String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        return fifo;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    @Test
    void peekCopiesWithoutConsumingAndConsumeTakesExactlyThatMany() throws Exception {
        assumeTrue(LINUX, "tee(2) is Linux's");
        Path dir = Fixtures.freshDir("posix-fifo-port");
        Path fifo = mkfifo(dir, "a.stdout");
        int self = new PosixProcessPort().userId().orElseThrow();
        try (PosixFifoPort port = new PosixFifoPort()) {
            int fd = port.open(fifo, self).orElseThrow();
            // A writer that stays, as systemd's socket unit holds the FIFO open.
            try (OutputStream writer = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                assertFalse(port.poll(new int[] {fd}, 10)[0], "nothing to read yet");
                assertEquals(0, port.peek(fd).remaining(), "empty, and a writer is there");
                writer.write("one\ntwo\n".getBytes(US_ASCII));
                writer.flush();
                assertTrue(port.poll(new int[] {fd}, 5_000)[0]);
                assertArrayEquals("one\ntwo\n".getBytes(US_ASCII), bytes(port.peek(fd)));
                assertArrayEquals("one\ntwo\n".getBytes(US_ASCII), bytes(port.peek(fd)), "not consumed by a peek");
                port.consume(fd, 4);
                assertArrayEquals("two\n".getBytes(US_ASCII), bytes(port.peek(fd)));
                port.consume(fd, 4);
                assertEquals(0, port.peek(fd).remaining());
                writer.write("three\n".getBytes(US_ASCII));
            }
            assertArrayEquals("three\n".getBytes(US_ASCII), bytes(port.peek(fd)), "bytes outlive their writer");
            port.consume(fd, 6);
            assertNull(port.peek(fd), "end of file once no writer is left");
            port.close(fd);
        }
    }

    @Test
    void wakeupEndsAPoll() throws Exception {
        assumeTrue(LINUX, "tee(2) is Linux's");
        try (PosixFifoPort port = new PosixFifoPort()) {
            port.wakeup();
            long start = System.nanoTime();
            port.poll(new int[0], 30_000);
            assertTrue(System.nanoTime() - start < 10_000_000_000L);
        }
    }

    @Test
    void onlyAFifoOfTheGivenOwnerIsOpened() throws Exception {
        assumeTrue(LINUX, "tee(2) is Linux's");
        Path dir = Fixtures.freshDir("posix-fifo-port-refusals");
        int self = new PosixProcessPort().userId().orElseThrow();
        Path fifo = mkfifo(dir, "a.stdout");
        Path regular = Files.writeString(dir.resolve("regular"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), fifo);
        try (PosixFifoPort port = new PosixFifoPort()) {
            assertEquals(OptionalInt.empty(), port.open(dir.resolve("missing"), self));
            IOException notFifo = assertThrows(IOException.class, () -> port.open(regular, self));
            assertEquals(regular + " is not a FIFO", notFifo.getMessage());
            IOException linked = assertThrows(IOException.class, () -> port.open(link, self));
            assertTrue(linked.getMessage().contains("symbolic link"), linked.getMessage());
            IOException owner = assertThrows(IOException.class, () -> port.open(fifo, self + 4242));
            assertEquals(fifo + " is owned by uid " + self + ", not " + (self + 4242), owner.getMessage());
        }
    }
}
