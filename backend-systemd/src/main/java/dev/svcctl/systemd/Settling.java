package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import java.time.Duration;
import java.util.List;

/** Waits, bounded, until units that were just started or stopped are no longer on their way. */
final class Settling {
    /** A program that dies at once has done so by then; this is what makes such a start count as failed. */
    static final Duration GRACE = Duration.ofMillis(300);
    private static final Duration POLL = Duration.ofMillis(200);

    private Settling() {
    }

    /**
     * Answers the units' states once two polls in a row find none of them on its way anywhere and none restarted
     * in between (a crash-looping program looks "running" for an instant between its restarts), or at the bound.
     */
    static List<UnitState> await(Systemctl systemctl, List<String> units, Duration bound) throws BackendException {
        long deadline = System.nanoTime() + bound.toNanos();
        sleep(GRACE);
        List<UnitState> previous = null;
        while (true) {
            List<UnitState> states = systemctl.show(units);
            boolean calm = states.stream().noneMatch(UnitState::transient_);
            if (calm && previous != null && sameRuns(previous, states) || System.nanoTime() > deadline) {
                return states;
            }
            previous = calm ? states : null;
            sleep(POLL);
        }
    }

    private static boolean sameRuns(List<UnitState> before, List<UnitState> after) {
        for (int i = 0; i < before.size(); i++) {
            for (String property : List.of("ActiveState", "MainPID", "NRestarts")) {
                if (!before.get(i).get(property).equals(after.get(i).get(property))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
