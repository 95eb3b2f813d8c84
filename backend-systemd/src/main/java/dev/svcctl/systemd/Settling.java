package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import java.time.Duration;
import java.util.List;

/** Waits, bounded, until units that were just started or stopped are no longer on their way. */
final class Settling {
    /** A program that dies at once has done so by then; this is what makes such a start count as failed. */
    static final Duration GRACE = Duration.ofMillis(300);
    private static final Duration POLL = Duration.ofMillis(100);

    private Settling() {
    }

    static List<UnitState> await(Systemctl systemctl, List<String> units, Duration bound) throws BackendException {
        long deadline = System.nanoTime() + bound.toNanos();
        sleep(GRACE);
        while (true) {
            List<UnitState> states = systemctl.show(units);
            if (states.stream().noneMatch(UnitState::transient_) || System.nanoTime() > deadline) {
                return states;
            }
            sleep(POLL);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
