package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FIFOs in memory, for the log router's protocol: each holds its bytes until consumed, keeps them when its reader
 * goes away (as a FIFO systemd holds open does), and hands out at most {@link #chunk} bytes per peek so that chunks
 * end in the middle of lines. {@link #dieOnConsume} makes the next consume fail: the router dies after writing a
 * chunk and before consuming it, the worst moment for a kill.
 */
final class FakeFifoPort implements FifoPort {
    static final class Fifo {
        final int owner;
        byte[] data = new byte[0];
        boolean hungUp;

        Fifo(int owner) {
            this.owner = owner;
        }
    }

    final Map<Path, Fifo> files = new HashMap<>();
    final Map<Integer, Fifo> open = new HashMap<>();
    final AtomicInteger opens = new AtomicInteger();
    final int chunk;
    private int nextFd = 10;
    private boolean woken;
    boolean dieOnConsume;

    @Override
    public int chunkBytes() {
        return chunk;
    }

    FakeFifoPort(int chunk) {
        this.chunk = chunk;
    }

    synchronized void create(Path path, int owner) {
        files.put(path, new Fifo(owner));
        notifyAll();
    }

    synchronized void write(Path path, byte[] bytes) {
        Fifo fifo = files.get(path);
        byte[] joined = Arrays.copyOf(fifo.data, fifo.data.length + bytes.length);
        System.arraycopy(bytes, 0, joined, fifo.data.length, bytes.length);
        fifo.data = joined;
        notifyAll();
    }

    synchronized int pending(Path path) {
        return files.get(path).data.length;
    }

    synchronized int openCount() {
        return open.size();
    }

    @Override
    public synchronized OptionalInt open(Path fifo, int ownerUid) throws IOException {
        opens.incrementAndGet();
        Fifo file = files.get(fifo);
        if (file == null) {
            return OptionalInt.empty();
        }
        if (file.owner != ownerUid) {
            throw new IOException(fifo + " is owned by uid " + file.owner + ", not " + ownerUid);
        }
        file.hungUp = false;
        open.put(nextFd, file);
        return OptionalInt.of(nextFd++);
    }

    @Override
    public synchronized boolean[] poll(int[] fds, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        boolean[] ready = new boolean[fds.length];
        while (true) {
            boolean any = false;
            for (int i = 0; i < fds.length; i++) {
                Fifo fifo = open.get(fds[i]);
                ready[i] = fifo != null && (fifo.data.length > 0 || fifo.hungUp);
                any |= ready[i];
            }
            long left = deadline - System.nanoTime();
            if (any || woken || left <= 0) {
                woken = false;
                return ready;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    @Override
    public synchronized ByteBuffer peek(int fd) {
        Fifo fifo = open.get(fd);
        if (fifo.data.length == 0) {
            return fifo.hungUp ? null : ByteBuffer.allocate(0);
        }
        return ByteBuffer.wrap(Arrays.copyOf(fifo.data, Math.min(chunk, fifo.data.length)));
    }

    @Override
    public synchronized void consume(int fd, int count) throws IOException {
        if (dieOnConsume) {
            dieOnConsume = false;
            throw new IOException("killed before consuming");
        }
        Fifo fifo = open.get(fd);
        fifo.data = Arrays.copyOfRange(fifo.data, count, fifo.data.length);
    }

    @Override
    public synchronized void close(int fd) {
        open.remove(fd);
    }

    synchronized void hangUp(Path path) {
        files.get(path).hungUp = true;
        notifyAll();
    }

    @Override
    public synchronized void wakeup() {
        woken = true;
        notifyAll();
    }

    @Override
    public synchronized void close() {
        open.clear();
    }
}
