package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.WaitProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Waits, bounded, until units that were just started are no longer on their way, and no longer than it must.
 * A unit whose readiness systemd itself waits for ({@code Type=notify}, which includes every unit that runs
 * {@code svcctl run}, and {@code Type=forking} with a pid file) is looked at once: {@code systemctl start} returned
 * only when it was ready. A unit without readiness ({@code Type=exec}: started once its program was executed) is
 * watched until its program has run for {@link #WATCH}, counted from when systemd started it (the unit's
 * {@code ExecMainStartTimestamp}), polled often enough to see a program that dies in that time.
 */
final class Settling {
    /** A program without readiness that dies within this time of its start fails the start. */
    static final Duration WATCH = Duration.ofMillis(300);
    /** Between the polls that must agree once a unit was seen on its way (restarting, starting, stopping). */
    private static final Duration CALM_POLL = Duration.ofMillis(200);
    private static final Duration FASTEST_POLL = Duration.ofMillis(20);
    private static final Duration SLOWEST_POLL = Duration.ofMillis(50);

    private Settling() {
    }

    /** How long a unit is watched after its start returned: not at all when systemd waited for its readiness. */
    static Duration watch(boolean systemdWaitedForReadiness) {
        return systemdWaitedForReadiness ? Duration.ZERO : WATCH;
    }

    /**
     * How often a watched start is polled. A program that dies leaves its unit {@code activating (auto-restart)}
     * for the restart delay, then restarted (another main pid, one more restart): polling at half the delay sees
     * the first, and the counters the second, however short the delay.
     */
    static Duration poll(Duration restartDelay) {
        Duration half = restartDelay.dividedBy(2);
        return half.compareTo(FASTEST_POLL) < 0 ? FASTEST_POLL : half.compareTo(SLOWEST_POLL) > 0 ? SLOWEST_POLL : half;
    }

    /**
     * Answers the units' states once each was watched for its time with nothing moving (no unit on its way, none
     * restarted since the first look, for a supervised unit its program's run unchanged: {@code programRun}, see
     * {@link SupervisedPrograms#runKey}). Once anything moved, the wait goes on until two polls {@link #CALM_POLL}
     * apart find none on its way and the same runs (a crash-looping program looks "running" for an instant between
     * its restarts, and one that gave up holds still as failed), or until the bound.
     *
     * @param watch how long to watch, the longest of the units' {@link #watch}; zero looks once. The time each
     *     unit's program already ran before the first look counts: the watch ends once the youngest of them has run
     *     for {@code watch} (see {@link #alreadyRan})
     * @param poll how often to look while watching, {@link #poll} of the shortest restart delay
     */
    /**
     * What {@code programRun} answers for a unit whose main process is its program (a native or host-served unit):
     * only such a unit's main start time is its program's; under {@code svcctl run} the supervisor started long before
     * its program's latest run, so that unit is watched from the first look, for all of the watch.
     */
    static final String NO_SUPERVISOR = "-";

    static List<UnitState> await(Systemctl systemctl, List<String> units, Duration watch, Duration poll,
                                 Duration bound, BiFunction<String, UnitState, String> programRun)
            throws BackendException {
        long start = System.nanoTime();
        Instant firstLook = Instant.now();
        long deadline = start + bound.toNanos();
        long watchEnd = start + watch.toNanos();
        List<String> first = null;
        List<String> previous = null;
        boolean moved = false;
        try (WaitProgress.Wait wait = WaitProgress.start(String.join(", ", units) + " to settle")) {
            while (true) {
                List<UnitState> states = systemctl.show(units);
                boolean calm = states.stream().noneMatch(UnitState::transient_);
                List<String> runs = runs(units, states, programRun);
                if (first == null) {
                    first = runs;
                    List<UnitState> programsAsMain = new ArrayList<>();
                    for (int i = 0; i < units.size(); i++) {
                        // a supervised one counts as just started: alreadyRan's least age is then zero
                        programsAsMain.add(NO_SUPERVISOR.equals(programRun.apply(units.get(i), states.get(i)))
                                ? states.get(i) : UnitState.NOT_STARTED);
                    }
                    watchEnd -= alreadyRan(programsAsMain, firstLook, watch).toNanos();
                }
                moved = moved || !calm || !runs.equals(first);
                long now = System.nanoTime();
                boolean settled = moved ? calm && runs.equals(previous) : now >= watchEnd;
                if (settled || now > deadline) {
                    return states;
                }
                previous = runs;
                wait.tick();
                sleep(moved ? CALM_POLL : min(poll, Duration.ofNanos(watchEnd - now)));
            }
        }
    }

    /**
     * How long every one of the units' programs had already run when the first look was asked for ({@code looked}),
     * at most {@code watch}: the least age among them, from systemd's start time of each main process. A unit without
     * a running main process (or its start time) counts as just started, so that it is watched for all of
     * {@code watch} from the first look, as is any when the clock says a program started after the look. The start
     * time is wall-clock time, which is what {@code systemctl show} prints; the time before the look is used, not the
     * time of the answer, so the program is never credited with time nobody saw it alive.
     */
    static Duration alreadyRan(List<UnitState> states, Instant looked, Duration watch) {
        Duration least = watch;
        for (UnitState state : states) {
            Optional<Instant> started = state.running() && state.mainPid().isPresent()
                    ? state.mainStarted() : Optional.empty();
            Duration age = started.map(s -> Duration.between(s, looked)).orElse(Duration.ZERO);
            age = age.isNegative() ? Duration.ZERO : age;
            least = age.compareTo(least) < 0 ? age : least;
        }
        return least;
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
