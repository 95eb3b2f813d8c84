package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.state.Health;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Monitors that share a timer (svcctl host, svcctl run FILE FILE...) do not wait for each other's probes. */
class HealthMonitorTest {

    private static HealthCheckSpec every(Duration interval, Duration timeout) {
        return new HealthCheckSpec(HealthCheckSpec.Kind.EXEC, "", List.of("/bin/true"), interval, timeout, 3,
                Duration.ZERO);
    }

    private static final class Verdicts implements HealthMonitor.Listener {
        final CountDownLatch healthy = new CountDownLatch(1);

        @Override
        public void healthChanged(long run, Health health) {
            if (health == Health.HEALTHY) {
                healthy.countDown();
            }
        }

        @Override
        public void unhealthy(long run, String detail) {
        }
    }

    /**
     * A review of the shared scheduler: with probes run on its threads, two services whose probes hang (a check that
     * waits for its whole timeout) held every other service's health checks back for that long.
     */
    @Test
    void hungProbesOfTwoServicesDoNotDelayAThirdServicesProbes() throws Exception {
        ScheduledThreadPoolExecutor timer = HealthMonitor.sharedTimer();
        ExecutorService prober = HealthMonitor.sharedProber();
        CountDownLatch release = new CountDownLatch(1);
        HealthProbe hangs = timeout -> {
            release.await(); // far beyond the test's patience; interrupted when its monitor closes
            return null;
        };
        Verdicts quick = new Verdicts();
        try (HealthMonitor a = new HealthMonitor(every(Duration.ofMillis(10), Duration.ofMinutes(5)), hangs,
                new Verdicts(), timer, prober);
             HealthMonitor b = new HealthMonitor(every(Duration.ofMillis(10), Duration.ofMinutes(5)), hangs,
                     new Verdicts(), timer, prober);
             HealthMonitor c = new HealthMonitor(every(Duration.ofMillis(200), Duration.ofSeconds(5)), timeout -> null,
                     quick, timer, prober)) {
            a.watch(1);
            b.watch(1);
            Thread.sleep(300); // both hang by now, on the shared threads had they been the timer's
            c.watch(1);
            assertTrue(quick.healthy.await(30, TimeUnit.SECONDS), "the third service's probe never ran");
        } finally {
            release.countDown();
            timer.shutdownNow();
            prober.shutdownNow();
        }
        assertEquals(1, HealthMonitor.SHARED_THREADS);
    }

    @Test
    void aClosedMonitorInterruptsItsProbeInFlightAndProbesNoMore() throws Exception {
        ScheduledThreadPoolExecutor timer = HealthMonitor.sharedTimer();
        ExecutorService prober = HealthMonitor.sharedProber();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        int[] probes = {0};
        HealthProbe slow = timeout -> {
            synchronized (probes) {
                probes[0]++;
            }
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        };
        try {
            HealthMonitor m = new HealthMonitor(every(Duration.ofMillis(10), Duration.ofMinutes(1)), slow,
                    new Verdicts(), timer, prober);
            m.watch(1);
            assertTrue(started.await(30, TimeUnit.SECONDS));
            m.close();
            assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the probe in flight was not interrupted");
            Thread.sleep(200);
            synchronized (probes) {
                assertEquals(1, probes[0], "no probe after close");
            }
        } finally {
            timer.shutdownNow();
            prober.shutdownNow();
        }
    }
}
