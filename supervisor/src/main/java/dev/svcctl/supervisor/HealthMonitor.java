package dev.svcctl.supervisor;

import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.state.Health;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Probes one run of the program every {@code interval} (the first probe one interval after the start). Failures
 * within {@code startPeriod} of the start do not count; {@code retries} consecutive counted failures make the run
 * unhealthy, reported once, after which probing of that run stops.
 */
final class HealthMonitor implements AutoCloseable {

    /** Receives the verdicts; {@code run} identifies the run they concern. */
    interface Listener {
        void healthChanged(long run, Health health);

        void unhealthy(long run, String detail);
    }

    private final HealthCheckSpec spec;
    private final HealthProbe probe;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    /** Whether {@link #close} ends the timer: not when it is shared by many monitors (the shared host's). */
    private final boolean ownTimer;
    private ScheduledFuture<?> current;

    HealthMonitor(HealthCheckSpec spec, HealthProbe probe, Listener listener) {
        this(spec, probe, listener, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "svcctl-health");
            t.setDaemon(true);
            return t;
        }), true);
    }

    /** Threads of {@link #sharedTimer}: an exec probe blocks one for up to its timeout. */
    static final int SHARED_THREADS = 2;

    /**
     * The one scheduler that probes every service of a process hosting many ({@code svcctl host},
     * {@code svcctl run FILE FILE...}): {@value #SHARED_THREADS} daemon threads whatever the number of services.
     */
    static ScheduledThreadPoolExecutor sharedTimer() {
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(SHARED_THREADS, r -> {
            Thread t = new Thread(r, "svcctl-host-health-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** A monitor on {@code timer}, which one scheduler shares among every service ({@code svcctl host}). */
    HealthMonitor(HealthCheckSpec spec, HealthProbe probe, Listener listener, ScheduledExecutorService timer) {
        this(spec, probe, listener, timer, false);
    }

    private HealthMonitor(HealthCheckSpec spec, HealthProbe probe, Listener listener, ScheduledExecutorService timer,
                          boolean ownTimer) {
        this.spec = spec;
        this.probe = probe;
        this.listener = listener;
        this.timer = timer;
        this.ownTimer = ownTimer;
    }

    synchronized void watch(long run) {
        stopWatching();
        long startNanos = System.nanoTime();
        int[] failures = {0};
        Health[] last = {Health.UNKNOWN};
        current = timer.scheduleWithFixedDelay(() -> {
            String problem;
            try {
                problem = probe.check(spec.timeout());
            } catch (InterruptedException e) {
                return;
            }
            if (problem == null) {
                failures[0] = 0;
                if (last[0] != Health.HEALTHY) {
                    last[0] = Health.HEALTHY;
                    listener.healthChanged(run, Health.HEALTHY);
                }
                return;
            }
            boolean inStartPeriod = System.nanoTime() - startNanos < spec.startPeriod().toNanos();
            if (inStartPeriod) {
                return;
            }
            failures[0]++;
            if (failures[0] >= spec.retries()) {
                last[0] = Health.UNHEALTHY;
                listener.unhealthy(run, problem + " (" + failures[0] + " consecutive failures)");
                throw new StopProbing();
            }
        }, millis(spec.interval()), millis(spec.interval()), TimeUnit.MILLISECONDS);
    }

    synchronized void stopWatching() {
        if (current != null) {
            current.cancel(true);
            current = null;
        }
    }

    @Override
    public void close() {
        if (ownTimer) {
            timer.shutdownNow();
        } else {
            stopWatching();
        }
    }

    private static long millis(Duration d) {
        return Math.max(1, d.toMillis());
    }

    /** Ends a fixed-delay schedule from inside its task. */
    private static final class StopProbing extends RuntimeException {
        StopProbing() {
            super(null, null, false, false);
        }
    }
}
