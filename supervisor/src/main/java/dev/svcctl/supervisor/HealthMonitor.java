package dev.svcctl.supervisor;

import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.state.Health;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
    /** Runs each probe: the timer's own thread for a lone monitor, a pool of its own for a shared timer. */
    private final Executor prober;
    /** Whether {@link #close} ends the timer: not when it is shared by many monitors (the shared host's). */
    private final boolean ownTimer;
    private Watch current;

    HealthMonitor(HealthCheckSpec spec, HealthProbe probe, Listener listener) {
        this(spec, probe, listener, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "svcctl-health");
            t.setDaemon(true);
            return t;
        }), Runnable::run, true);
    }

    /** Threads of {@link #sharedTimer}: they only start probes ({@link #sharedProber} runs them). */
    static final int SHARED_THREADS = 1;

    /**
     * The one scheduler that times the probes of every service of a process hosting many ({@code svcctl host},
     * {@code svcctl run FILE FILE...}): {@value #SHARED_THREADS} daemon thread whatever the number of services.
     */
    static ScheduledThreadPoolExecutor sharedTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(SHARED_THREADS, r -> {
            Thread t = new Thread(r, "svcctl-host-health");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Where a shared timer's probes run: a probe blocks its thread for up to its timeout, so each waiting probe gets
     * a thread (idle ones are kept a minute and reused: two probes a second need one or two), and a hung probe of
     * one service never delays another's.
     */
    static ExecutorService sharedProber() {
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "svcctl-probe-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A monitor timed by {@code timer} and probing on {@code prober}, both shared among every service. */
    HealthMonitor(HealthCheckSpec spec, HealthProbe probe, Listener listener, ScheduledExecutorService timer,
                  Executor prober) {
        this(spec, probe, listener, timer, prober, false);
    }

    private HealthMonitor(HealthCheckSpec spec, HealthProbe probe, Listener listener, ScheduledExecutorService timer,
                          Executor prober, boolean ownTimer) {
        this.spec = spec;
        this.probe = probe;
        this.listener = listener;
        this.timer = timer;
        this.prober = prober;
        this.ownTimer = ownTimer;
    }

    synchronized void watch(long run) {
        stopWatching();
        current = new Watch(run);
        current.next();
    }

    synchronized void stopWatching() {
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    @Override
    public void close() {
        stopWatching();
        if (ownTimer) {
            timer.shutdownNow();
        }
    }

    /**
     * The probing of one run: a probe {@code interval} after the start, then {@code interval} after each probe ends
     * (as a fixed-delay schedule), until the run is unhealthy or another watch replaces this one.
     */
    private final class Watch implements Runnable {
        private final long run;
        private final long startNanos = System.nanoTime();
        private int failures;
        private Health last = Health.UNKNOWN;
        private volatile boolean cancelled;
        private ScheduledFuture<?> tick;
        private Thread probing;

        Watch(long run) {
            this.run = run;
        }

        void next() {
            synchronized (HealthMonitor.this) {
                if (!cancelled) {
                    tick = timer.schedule(() -> prober.execute(this), millis(spec.interval()),
                            TimeUnit.MILLISECONDS);
                }
            }
        }

        void cancel() {
            cancelled = true;
            if (tick != null) {
                tick.cancel(false);
            }
            Thread t = probing;
            if (t != null) {
                t.interrupt(); // a probe in flight ends now (its process and tree are killed)
            }
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            String problem;
            probing = Thread.currentThread();
            try {
                problem = probe.check(spec.timeout());
            } catch (InterruptedException e) {
                return;
            } finally {
                probing = null;
                Thread.interrupted(); // a cancel that came after the probe must not reach the pool's next task
            }
            if (cancelled) {
                return;
            }
            if (problem == null) {
                failures = 0;
                if (last != Health.HEALTHY) {
                    last = Health.HEALTHY;
                    listener.healthChanged(run, Health.HEALTHY);
                }
            } else if (System.nanoTime() - startNanos >= spec.startPeriod().toNanos() && ++failures >= spec.retries()) {
                last = Health.UNHEALTHY;
                listener.unhealthy(run, problem + " (" + failures + " consecutive failures)");
                return; // probing of this run stops
            }
            next();
        }
    }

    private static long millis(Duration d) {
        return Math.max(1, d.toMillis());
    }
}
