package dev.svcctl.supervisor;

import java.io.IOException;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The threads a process hosting several supervisors ({@code svcctl run FILE FILE...}) shares among them, so that a
 * service adds state, not threads: one scheduler for every health check and a pool that runs
 * the probes ({@link HealthMonitor#sharedTimer}, {@link HealthMonitor#sharedProber}, as {@code svcctl host} has), and on Linux the {@link LogRouter} of
 * {@code svcctl host}: ONE {@code poll(2)} thread copying every service's output FIFO into its rotated files by the
 * tee protocol, instead of a reader thread per stream and run, with one log housekeeper (compression, retention)
 * for all of them. Handed to each {@link Supervisor}; closed by the host
 * once every supervisor has ended.
 */
public final class SharedThreads implements AutoCloseable {
    private final ScheduledExecutorService probes;
    private final java.util.concurrent.ExecutorService prober = HealthMonitor.sharedProber();
    private final LogRouter router;
    private final FifoPort fifos;
    private final OptionalInt uid;
    private final LogHousekeeper housekeeper;

    private SharedThreads(ScheduledExecutorService probes, LogRouter router, FifoPort fifos, OptionalInt uid,
                          Consumer<String> problems) {
        this.housekeeper = new LogHousekeeper(problems);
        this.probes = probes;
        this.router = router;
        this.fifos = fifos;
        this.uid = uid;
    }

    /**
     * The probe scheduler, and on Linux the log router (started; where it cannot be set up the supervisors read
     * their FIFOs with threads of their own, as a lone {@code svcctl run} does).
     *
     * @param routerDied called should the router thread end on an error it cannot get past: the programs would then
     *     block on full FIFOs, so the host should end every service, as failed (nobody asked for the stop)
     */
    public static SharedThreads start(ProcessPort port, Consumer<String> problems, Runnable routerDied) {
        ScheduledExecutorService probes = HealthMonitor.sharedTimer();
        OptionalInt uid = port.userId();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") || uid.isEmpty()) {
            return new SharedThreads(probes, null, null, uid, problems);
        }
        FifoPort fifos;
        try {
            fifos = new PosixFifoPort();
        } catch (IOException | LinkageError e) {
            problems.accept("no shared log router (" + e.getMessage() + "); each service reads its own output");
            return new SharedThreads(probes, null, null, uid, problems);
        }
        LogRouter router = new LogRouter(fifos, problems, routerDied);
        router.start();
        return new SharedThreads(probes, router, fifos, uid, problems);
    }

    ScheduledExecutorService probes() {
        return probes;
    }

    /** Where the probes {@link #probes} times run ({@link HealthMonitor#sharedProber}). */
    java.util.concurrent.Executor prober() {
        return prober;
    }

    /** The shared log router; null where there is none. */
    LogRouter router() {
        return router;
    }

    /** The one thread that compresses rotated files and applies retention, for every routed service. */
    LogHousekeeper housekeeper() {
        return housekeeper;
    }

    /** The user id the router checks each FIFO's owner against. */
    int uid() {
        return uid.orElse(-1);
    }

    @Override
    public void close() {
        probes.shutdownNow();
        prober.shutdownNow();
        try {
            housekeeper.close(); // lets a compression in flight finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (router != null) {
            router.close();
            fifos.close();
        }
    }
}
