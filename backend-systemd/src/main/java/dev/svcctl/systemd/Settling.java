package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.WaitProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

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
        return await(systemctl, units, bound, (unit, state) -> "");
    }

    /**
     * As {@link #await(Systemctl, List, Duration)}, where a unit's run also includes {@code programRun} (for a unit
     * that runs {@code svcctl run}, its program's restarts and state: {@link SupervisedPrograms#runKey}).
     */
    static List<UnitState> await(Systemctl systemctl, List<String> units, Duration bound,
                                 BiFunction<String, UnitState, String> programRun) throws BackendException {
        long deadline = System.nanoTime() + bound.toNanos();
        try (WaitProgress.Wait wait = WaitProgress.start(String.join(", ", units) + " to settle")) {
            sleep(GRACE);
            List<String> previous = null;
            while (true) {
                List<UnitState> states = systemctl.show(units);
                boolean calm = states.stream().noneMatch(UnitState::transient_);
                List<String> runs = calm ? runs(units, states, programRun) : null;
                if (calm && runs.equals(previous) || System.nanoTime() > deadline) {
                    return states;
                }
                previous = runs;
                wait.tick();
                sleep(POLL);
            }
        }
    }

    /** Per unit, what changes when it (or its program) starts again: a crash-looping unit never holds still. */
    private static List<String> runs(List<String> units, List<UnitState> states,
                                     BiFunction<String, UnitState, String> programRun) {
        List<String> runs = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            UnitState s = states.get(i);
            runs.add(s.get("ActiveState") + " " + s.get("MainPID") + " " + s.get("NRestarts") + " "
                    + programRun.apply(units.get(i), s));
        }
        return runs;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
