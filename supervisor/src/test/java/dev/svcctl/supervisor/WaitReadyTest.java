package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** wait-ready's loop with a fake probe and a fake clock: ready, timed out, or the main process gone. */
class WaitReadyTest {
    private final long[] now = {0};
    private final List<Duration> probeTimeouts = new ArrayList<>();

    private static ServiceSpec spec(Duration timeout) {
        return Fixtures.shell("web", "true").readiness(new ReadinessSpec(ReadinessSpec.Kind.TCP, "127.0.0.1:8080",
                List.of(), timeout)).build();
    }

    /** A probe that fails {@code failures} times (each taking 100 ms of fake time), then passes. */
    private HealthProbe probe(int failures) {
        int[] calls = {0};
        return timeout -> {
            probeTimeouts.add(timeout);
            now[0] += 100_000_000L;
            return calls[0]++ < failures ? "connecting to 127.0.0.1:8080 failed: refused" : null;
        };
    }

    private WaitReady waiter(ServiceSpec spec, HealthProbe probe, OptionalLong pid, boolean alive) {
        HealthCheckSpec check = HealthProbe.readinessCheck(spec.readiness().orElseThrow());
        return new WaitReady(spec, check, probe, pid, p -> alive, () -> now[0], millis -> now[0] += millis * 1_000_000);
    }

    @Test
    void returnsOnceAProbePasses() throws Exception {
        waiter(spec(Duration.ofSeconds(5)), probe(3), OptionalLong.of(77), true).await();
        assertEquals(4, probeTimeouts.size());
        assertEquals(Duration.ofSeconds(2), probeTimeouts.get(0), "a probe takes at most the default 2 s");
    }

    @Test
    void failsWithTheLastProblemWhenTheTimeoutPasses() {
        BackendException e = assertThrows(BackendException.class,
                () -> waiter(spec(Duration.ofSeconds(3)), probe(1000), OptionalLong.of(77), true).await());
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("web: not ready after 3s (tcp probe: connecting to 127.0.0.1:8080 failed: refused)",
                e.getMessage());
        // 350 ms a round (100 ms probe + 250 ms pause): about 9 rounds in 3 s, none after the deadline.
        assertEquals(9, probeTimeouts.size(), probeTimeouts.toString());
    }

    @Test
    void failsAtOnceWhenTheMainProcessIsGone() {
        BackendException e = assertThrows(BackendException.class,
                () -> waiter(spec(Duration.ofSeconds(90)), probe(1000), OptionalLong.of(77), false).await());
        assertEquals("web: the program (pid 77) ended before it was ready (last probe: no probe finished)",
                e.getMessage());
        assertEquals(0, probeTimeouts.size());
    }

    @Test
    void aSpecWithoutProbeReadinessIsAUsageError() {
        ServiceSpec none = Fixtures.shell("web", "true").build();
        BackendException e = assertThrows(BackendException.class, () -> WaitReady.await(none, OptionalLong.empty()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("web has no tcp, http or exec readiness to wait for", e.getMessage());
    }
}
