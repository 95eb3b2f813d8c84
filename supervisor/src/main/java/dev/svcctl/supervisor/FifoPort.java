package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The OS calls of the shared host's log router ({@link LogRouter}), a port so that the router's protocol is tested
 * with a fake. The protocol is "peek, write, then consume": {@link #peek} copies the bytes at the head of a FIFO
 * without taking them off it (Linux: {@code tee(2)} into a private pipe), and only once the router has written them
 * does {@link #consume} take exactly as many off the FIFO. A router killed at any point leaves every byte it has not
 * written in the FIFO, which its init system holds open, for the next router.
 */
interface FifoPort extends AutoCloseable {

    /**
     * Opens {@code fifo} for reading without blocking, never following a link, and answers its descriptor; empty when
     * there is no such file (yet).
     *
     * @throws IOException when the name is something other than a FIFO owned by {@code ownerUid}: never read a file
     *     one did not create
     */
    OptionalInt open(Path fifo, int ownerUid) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} until one of {@code fds} has data or was hung up, or {@link #wakeup} is
     * called; answers, per entry of {@code fds}, whether it needs attention.
     */
    boolean[] poll(int[] fds, long timeoutMillis) throws IOException;

    /**
     * The bytes at the head of {@code fd}, not consumed: a buffer of the port's (valid until the next call) with no
     * bytes remaining when the FIFO is empty; null at end of file (no writer is left).
     */
    ByteBuffer peek(int fd) throws IOException;

    /**
     * The most one {@link #peek} answers; a peek that answers fewer took all the FIFO held at that moment, so the
     * router goes back to {@link #poll} instead of peeking again (one call fewer per line; poll reports whatever
     * came meanwhile).
     */
    default int chunkBytes() {
        return Integer.MAX_VALUE;
    }

    /** Takes exactly {@code count} bytes off the head of {@code fd}: the ones {@link #peek} answered. */
    void consume(int fd, int count) throws IOException;

    void close(int fd);

    /** Makes a {@link #poll} in progress (or the next one) return at once. */
    void wakeup();

    @Override
    void close();
}
