package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.os.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How long a start is looked at after systemctl start returned: as long as it must, and not a fixed time. */
class SettlingTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** A systemctl whose show answers the given unit states in turn, the last one from then on. */
    private static final class Scripted implements ProcessRunner {
        final List<String> answers;
        int shows;

        Scripted(String... answers) {
            this.answers = List.of(answers);
        }

        @Override
        public Result run(List<String> argv, Duration timeout) {
            assertEquals("show", argv.get(1), argv::toString);
            String state = answers.get(Math.min(shows++, answers.size() - 1));
            String[] f = state.split(" ");
            return new Result(0, "Id=web.service\nLoadState=loaded\nActiveState=" + f[0] + "\nSubState=" + f[1]
                    + "\nMainPID=" + f[2] + "\nNRestarts=" + f[3] + "\n", "");
        }

        @Override
        public int runAttached(List<String> argv, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<UnitState> await(Scripted systemctl, Duration watch, Duration poll) throws Exception {
        return Settling.await(new Systemctl(systemctl, false), List.of("web.service"), watch, poll, BOUND,
                (unit, state) -> "");
    }

    @Test
    void aUnitWhoseReadinessSystemdWaitedForIsLookedAtOnce() throws Exception {
        Scripted systemd = new Scripted("active running 42 0");

        List<UnitState> states = await(systemd, Settling.watch(true), Settling.poll(Duration.ofSeconds(1)));

        assertEquals(1, systemd.shows);
        assertEquals("active", states.get(0).get("ActiveState"));
    }

    @Test
    void aUnitWithoutReadinessIsWatchedForTheWatchTimeOnlyWhenNothingMoves() throws Exception {
        Scripted systemd = new Scripted("active running 42 0");
        long start = System.nanoTime();

        List<UnitState> states = await(systemd, Settling.watch(false), Duration.ofMillis(20));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Settling.WATCH) >= 0, took::toString);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, took::toString); // not the old two slow polls
        assertTrue(systemd.shows >= 3, "polled " + systemd.shows + " times"); // often: a death is seen at once
        assertEquals("42", states.get(0).get("MainPID"));
    }

    @Test
    void aProgramThatDiesWhileWatchedIsFollowedUntilSystemdGivesUp() throws Exception {
        Scripted systemd = new Scripted("active running 42 0", "active running 42 0",
                "activating auto-restart 0 0", "active running 43 1", "activating auto-restart 0 1",
                "failed failed 0 2");

        List<UnitState> states = await(systemd, Settling.watch(false), Duration.ofMillis(20));

        assertEquals("failed", states.get(0).get("ActiveState"));
        assertTrue(systemd.shows >= 7, "two calm polls agree on failed: " + systemd.shows);
    }

    @Test
    void aRestartBetweenTwoPollsCountsAsMovement() throws Exception {
        // Restarted between two looks: active both times, but another main pid and one more restart.
        Scripted systemd = new Scripted("active running 42 0", "active running 43 1", "active running 44 2",
                "active running 45 3", "failed failed 0 4");

        List<UnitState> states = await(systemd, Settling.watch(false), Duration.ofMillis(20));

        assertEquals("failed", states.get(0).get("ActiveState"));
    }

    @Test
    void aUnitStillOnItsWayAtTheOneLookIsWaitedFor() throws Exception {
        Scripted systemd = new Scripted("activating auto-restart 0 1", "failed failed 0 2");

        List<UnitState> states = await(systemd, Settling.watch(true), Settling.poll(Duration.ofSeconds(1)));

        assertEquals("failed", states.get(0).get("ActiveState"));
        assertEquals(3, systemd.shows);
    }

    @Test
    void thePollFollowsTheRestartDelayWithinBounds() {
        assertEquals(Duration.ofMillis(20), Settling.poll(Duration.ZERO));
        assertEquals(Duration.ofMillis(20), Settling.poll(Duration.ofMillis(30)));
        assertEquals(Duration.ofMillis(30), Settling.poll(Duration.ofMillis(60)));
        assertEquals(Duration.ofMillis(50), Settling.poll(Duration.ofSeconds(1)));
        List<Duration> all = new ArrayList<>();
        for (int ms = 0; ms < 3000; ms += 7) {
            all.add(Settling.poll(Duration.ofMillis(ms)));
        }
        assertTrue(all.stream().allMatch(d -> d.toMillis() >= 20 && d.toMillis() <= 50), all::toString);
    }
}
