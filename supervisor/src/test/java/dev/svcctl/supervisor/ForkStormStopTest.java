package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, attack 6: a program that ignores the stop signal while its processes fork new children as fast as they
 * can is still stopped within {@code stop.timeout} + 2 s, leaving no survivor and no zombie.
 */
class ForkStormStopTest {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aForkStormIsStoppedWithinTheTimeoutPlusTwoSecondsWithNoSurvivorAndNoZombie() throws Exception {
        assumeTrue(Fixtures.isLinux(), "the subreaper and /proc are Linux's");
        Path dir = Fixtures.freshDir("stop/fork-storm");
        Path ready = dir.resolve("ready");
        // Two storms, one in the program and one in a child of it, each forking short-lived sleepers that are not
        // waited for (zombies pile up) and ignoring TERM; the sleepers end on their own, so a failed test leaves
        // nothing running for long on a shared machine.
        String storm = "trap '' TERM; while :; do sleep 3 & done";
        ServiceSpec spec = Fixtures.shell("storm", "trap '' TERM; (" + storm + ") & echo go > '" + ready + "'; "
                        + storm)
                .stop(new StopSpec(Signal.TERM, STOP_TIMEOUT))
                .restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofMillis(100), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .build();
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), new RecordingListener());
        supervisor.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(ready)) {
            assertTrue(System.nanoTime() < deadline, "the storm did not start");
            Thread.sleep(20);
        }
        Thread.sleep(500);
        int before = ProcTree.descendants(ProcessHandle.current().pid()).size();

        long stopAt = System.nanoTime();
        supervisor.stop();
        Optional<Outcome> outcome = supervisor.awaitExit(STOP_TIMEOUT.plusSeconds(2));
        long tookMillis = (System.nanoTime() - stopAt) / 1_000_000;
        System.out.println("fork storm of " + before + " processes stopped in " + tookMillis + " ms");

        assertTrue(outcome.isPresent(), "not stopped within stop.timeout + 2 s (storm of " + before + " processes)");
        assertEquals(new Outcome(0, "stopped on request"), outcome.get());
        List<Long> left = ProcTree.descendants(ProcessHandle.current().pid());
        left.removeIf(Fixtures::isWatchdog);
        assertEquals(List.of(), left, "survivors or zombies after a stop that took " + tookMillis + " ms, of a storm"
                + " of " + before + " processes");
    }
}
