package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The shared host's log router: ONE thread copies every log FIFO of every served service into its rotated files
 * ({@link RotatingLog}, exactly as {@code svcctl run} writes them), by the protocol of {@link FifoPort}: peek, write,
 * then consume exactly what was written. So a router killed at any moment loses no byte (its FIFOs keep what it had
 * not written, held open by systemd's socket units) and writes at most the chunk it was writing twice; a line is
 * never split across files (RotatingLog rotates only at a line start).
 *
 * <p>A FIFO that does not exist yet (its socket unit has not started), that hung up (its socket unit stopped) or
 * whose file could not be written is tried again {@link #RETRY_MILLIS} later: the thread sleeps in {@code poll(2)}
 * in between, it never spins.
 */
final class LogRouter implements AutoCloseable {
    static final long RETRY_MILLIS = 1_000;
    /** How long poll sleeps when every FIFO is open: an hour, i.e. until data or a change wakes it. */
    private static final long IDLE_POLL_MILLIS = TimeUnit.HOURS.toMillis(1);
    /** Chunks copied from one FIFO before the others get their turn. */
    private static final int CHUNKS_PER_TURN = 16;
    private static final long UPDATE_TIMEOUT_SECONDS = 30;

    /** One FIFO and the file it goes to; {@code label} names it in messages (NAME stdout). */
    record Route(String label, Path fifo, int ownerUid, RotatingLog log) {
    }

    private static final class Channel {
        final Route route;
        int fd = -1;
        long retryAtNanos;
        String lastProblem;

        Channel(Route route) {
            this.route = route;
        }
    }

    private record Change(Collection<Route> add, Collection<Route> remove, CompletableFuture<Void> done) {
    }

    /** A request to copy what a route's FIFO holds now, until {@code deadlineNanos}; completes with whether it did. */
    private record Drain(Route route, long deadlineNanos, CompletableFuture<Boolean> done) {
    }

    private final List<Drain> drains = new ArrayList<>();

    private final FifoPort port;
    private final Consumer<String> problems;
    private final Map<Route, Channel> channels = new LinkedHashMap<>();
    private final List<Change> pending = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private final Runnable died;

    LogRouter(FifoPort port, Consumer<String> problems) {
        this(port, problems, () -> { });
    }

    /**
     * @param died called when the router thread ends on an error it cannot get past (after the message {@code the log
     *     router stopped: WHY}): the shared host then ends, and systemd starts a new one (its unit restarts always),
     *     which reopens every FIFO and loses nothing; {@code svcctl run FILE FILE...} ends every service as failed.
     *     A host that lived on without its router would let every program block
     */
    LogRouter(FifoPort port, Consumer<String> problems, Runnable died) {
        this.port = port;
        this.problems = problems;
        this.died = died;
        this.thread = new Thread(this::loop, "svcctl-log-router");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Starts routing {@code add} and stops routing {@code remove}; returns once the router thread has done so, so
     * that the caller may then close the removed routes' files (the router never touches them again).
     */
    void update(Collection<Route> add, Collection<Route> remove) throws IOException {
        if (add.isEmpty() && remove.isEmpty()) {
            return;
        }
        Change change = new Change(List.copyOf(add), List.copyOf(remove), new CompletableFuture<>());
        synchronized (pending) {
            pending.add(change);
        }
        port.wakeup();
        if (!thread.isAlive() && thread.getState() != Thread.State.NEW) {
            throw new IOException("the log router has stopped");
        }
        if (thread.getState() == Thread.State.NEW) {
            applyPending();
            return;
        }
        try {
            change.done().get(UPDATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the log router changed its routes");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the log router did not take the new routes: " + e);
        }
    }

    /**
     * Returns once the router has copied every byte {@code route}'s FIFO holds (for {@code svcctl run}: what an ended
     * run wrote), or after {@code timeoutMillis}; answers whether all was copied. The FIFO must have no writer left
     * that keeps writing, else this waits out the timeout.
     */
    boolean drain(Route route, long timeoutMillis) throws InterruptedException {
        Drain drain = new Drain(route, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                new CompletableFuture<>());
        synchronized (pending) {
            if (!thread.isAlive()) {
                return false;
            }
            drains.add(drain);
        }
        port.wakeup();
        try {
            return drain.done().get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private void serveDrains() throws IOException {
        List<Drain> asked;
        synchronized (pending) {
            asked = new ArrayList<>(drains);
            drains.clear();
        }
        for (Drain drain : asked) {
            Channel channel = channels.get(drain.route());
            boolean empty = false;
            if (channel != null) {
                if (channel.fd < 0) {
                    tryOpen(channel, System.nanoTime());
                }
                while (channel.fd >= 0 && !(empty = pump(channel)) && System.nanoTime() - drain.deadlineNanos() < 0) {
                    // another turn: the FIFO held more than one turn's chunks
                }
            }
            drain.done().complete(empty);
        }
    }

    /** Chunks {@link #copyDirectly} reads at most: a FIFO holds a few; a writer left alive must not keep it here. */
    private static final int MAX_DIRECT_CHUNKS = 1_024;

    /** Whether the router thread has ended (it died, or was closed): then nothing copies the FIFOs any more. */
    boolean stopped() {
        return thread.getState() == Thread.State.TERMINATED;
    }

    /**
     * Copies what {@code route}'s FIFO holds by the calling thread, by the same peek-write-consume protocol, so that
     * output is written rather than lost with the FIFO; only once the router thread has ended (the port's buffer is
     * then nobody else's). Answers whether it found the FIFO empty in the end.
     */
    synchronized boolean copyDirectly(Route route) throws IOException {
        if (!stopped()) {
            throw new IllegalStateException("the log router still copies " + route.label());
        }
        OptionalInt fd = port.open(route.fifo(), route.ownerUid());
        if (fd.isEmpty()) {
            return true;
        }
        try {
            for (int chunk = 0; chunk < MAX_DIRECT_CHUNKS; chunk++) {
                ByteBuffer bytes = port.peek(fd.getAsInt());
                if (bytes == null || !bytes.hasRemaining()) {
                    return true;
                }
                int count = bytes.remaining();
                route.log().write(bytes);
                port.consume(fd.getAsInt(), count);
            }
            return false;
        } finally {
            port.close(fd.getAsInt());
        }
    }

    private void loop() {
        Channel[] open = new Channel[0];
        int[] fds = new int[0];
        try {
            while (!stopping) {
                applyPending();
                serveDrains();
                long now = System.nanoTime();
                // Sleeps until a FIFO has data (or a change wakes it); a timer only while some FIFO awaits a retry.
                long timeoutMillis = IDLE_POLL_MILLIS;
                // Plain loops over arrays kept between wakeups: this runs once per line a program prints.
                int count = 0;
                for (Channel channel : channels.values()) {
                    if (channel.fd < 0 && now - channel.retryAtNanos >= 0) {
                        tryOpen(channel, now);
                    }
                    if (channel.fd >= 0) {
                        if (count == open.length) {
                            open = java.util.Arrays.copyOf(open, Math.max(8, 2 * count));
                        }
                        open[count++] = channel;
                    } else {
                        long wait = TimeUnit.NANOSECONDS.toMillis(channel.retryAtNanos - now);
                        timeoutMillis = Math.max(1, Math.min(Math.min(timeoutMillis, RETRY_MILLIS), wait));
                    }
                }
                if (fds.length != count) {
                    fds = new int[count];
                }
                for (int i = 0; i < count; i++) {
                    fds[i] = open[i].fd;
                }
                boolean[] ready = port.poll(fds, timeoutMillis);
                for (int i = 0; i < count; i++) {
                    if (ready[i]) {
                        pump(open[i]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.accept("the log router stopped: " + e.getMessage());
            died.run();
        } finally {
            for (Channel channel : channels.values()) {
                closeFd(channel);
            }
            synchronized (pending) {
                pending.forEach(c -> c.done().complete(null));
                pending.clear();
                drains.forEach(d -> d.done().complete(false));
                drains.clear();
            }
        }
    }

    private void applyPending() {
        List<Change> changes;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            changes = new ArrayList<>(pending);
            pending.clear();
        }
        for (Change change : changes) {
            for (Route route : change.remove()) {
                Channel gone = channels.remove(route);
                if (gone != null) {
                    closeFd(gone);
                }
            }
            for (Route route : change.add()) {
                channels.putIfAbsent(route, new Channel(route));
            }
            change.done().complete(null);
        }
    }

    private void tryOpen(Channel channel, long now) {
        try {
            OptionalInt fd = port.open(channel.route.fifo(), channel.route.ownerUid());
            if (fd.isPresent()) {
                channel.fd = fd.getAsInt();
                channel.lastProblem = null;
                return;
            }
        } catch (IOException e) {
            report(channel, "cannot read the output of " + channel.route.label() + ": " + e.getMessage());
        }
        channel.retryAtNanos = now + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
    }

    /**
     * Copies what the FIFO holds (a bounded number of chunks) by the peek-write-consume protocol; answers whether it
     * found the FIFO empty (false: more may wait, or it could not go on).
     */
    private boolean pump(Channel channel) throws IOException {
        for (int turn = 0; turn < CHUNKS_PER_TURN; turn++) {
            ByteBuffer bytes = port.peek(channel.fd);
            if (bytes == null) {
                // No writer is left (the socket unit stopped): look for the FIFO again later.
                retryLater(channel);
                return true;
            }
            int count = bytes.remaining();
            if (count == 0) {
                return true;
            }
            try {
                channel.route.log().write(bytes);
            } catch (IOException | RuntimeException e) {
                // Nothing consumed: the bytes wait in the FIFO (the program blocks once it is full), and are
                // written when the file can be written again.
                report(channel, "cannot write " + channel.route.log().activeFile() + ": " + e.getMessage());
                retryLater(channel);
                return false;
            }
            port.consume(channel.fd, count);
            channel.lastProblem = null;
            if (count < port.chunkBytes()) {
                return true; // all the FIFO held: poll says when more comes
            }
        }
        return false;
    }

    private void retryLater(Channel channel) {
        closeFd(channel);
        channel.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
    }

    private void closeFd(Channel channel) {
        if (channel.fd >= 0) {
            port.close(channel.fd);
            channel.fd = -1;
        }
    }

    /** Each problem once until it changes or goes away: a FIFO retried every second must not flood the journal. */
    private void report(Channel channel, String problem) {
        if (!problem.equals(channel.lastProblem)) {
            channel.lastProblem = problem;
            problems.accept(problem);
        }
    }

    @Override
    public void close() {
        stopping = true;
        port.wakeup();
        if (thread.getState() != Thread.State.NEW) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(UPDATE_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
