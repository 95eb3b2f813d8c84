package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.os.ProcessRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How long a start is looked at after systemctl start returned: as long as it must, and not a fixed time. */
class SettlingTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** As {@code systemctl show --timestamp=us+utc} prints a time. */
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * A systemctl whose show answers the given unit states in turn, the last one from then on; with
     * {@code mainStarted}, every running main process is one systemd started then (ExecMainStartTimestamp).
     */
    private static final class Scripted implements ProcessRunner {
        final List<String> answers;
        final Instant mainStarted;
        int shows;

        Scripted(String... answers) {
            this(null, answers);
        }

        Scripted(Instant mainStarted, String... answers) {
            this.answers = List.of(answers);
            this.mainStarted = mainStarted;
        }

        @Override
        public Result run(List<String> argv, Duration timeout) {
            assertEquals("show", argv.get(1), argv::toString);
            String state = answers.get(Math.min(shows++, answers.size() - 1));
            String[] f = state.split(" ");
            String started = mainStarted != null && !f[2].equals("0") ? SHOWN.format(mainStarted) : "";
            return new Result(0, "Id=web.service\nLoadState=loaded\nActiveState=" + f[0] + "\nSubState=" + f[1]
                    + "\nMainPID=" + f[2] + "\nExecMainStartTimestamp=" + started + "\nNRestarts=" + f[3] + "\n", "");
        }

        @Override
        public int runAttached(List<String> argv, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<UnitState> await(Scripted systemctl, Duration watch, Duration poll) throws Exception {
        return Settling.await(new Systemctl(systemctl, false), List.of("web.service"), watch, poll, BOUND,
                (unit, state) -> Settling.NO_SUPERVISOR);
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
    void aProgramThatSystemdStartedTheWatchTimeAgoIsLookedAtOnce() throws Exception {
        // systemctl start returned, and a busy host took that long to look: the program already ran for the watch.
        Scripted systemd = new Scripted(Instant.now().minus(Settling.WATCH), "active running 42 0");

        List<UnitState> states = await(systemd, Settling.watch(false), Duration.ofMillis(20));

        assertEquals(1, systemd.shows);
        assertEquals("42", states.get(0).get("MainPID"));
    }

    @Test
    void underSvcctlRunTheSupervisorsStartTimeIsNotItsPrograms() throws Exception {
        // svcctl run started long ago; its program (run 0, running) may have started just now and crash soon.
        Scripted systemd = new Scripted(Instant.now().minusSeconds(60), "active running 42 0");

        long before = System.nanoTime();
        Settling.await(new Systemctl(systemd, false), List.of("web.service"), Settling.watch(false),
                Duration.ofMillis(20), BOUND, (unit, state) -> "0 running");

        assertTrue(System.nanoTime() - before >= Settling.WATCH.toNanos(), "watched for all of the watch");
        assertTrue(systemd.shows > 1, "looked at more than once: " + systemd.shows);
    }

    @Test
    void aProgramIsWatchedUntilItRanForTheWatchTimeCountedFromItsStart() throws Exception {
        Instant started = Instant.now().minusMillis(100);
        Scripted systemd = new Scripted(started, "active running 42 0");

        await(systemd, Settling.watch(false), Duration.ofMillis(20));

        Instant done = Instant.now();
        // The wall clock and the monotonic one the wait sleeps on may differ by a few ms; 20 is generous.
        assertTrue(!done.isBefore(started.plus(Settling.WATCH).minusMillis(20)), done + " vs " + started);
    }

    @Test
    void aProgramThatDiesWithinTheWatchOfItsStartFailsItAlsoWhenItsStartWasLongBeforeTheFirstLook()
            throws Exception {
        Scripted systemd = new Scripted(Instant.now().minusMillis(250), "active running 42 0",
                "activating auto-restart 0 0", "active running 43 1", "activating auto-restart 0 1",
                "failed failed 0 2");

        List<UnitState> states = await(systemd, Settling.watch(false), Duration.ofMillis(20));

        assertEquals("failed", states.get(0).get("ActiveState"));
    }

    @Test
    void aStartTimeAfterTheLookCountsAsJustStarted() throws Exception {
        // The wall clock was set back: nothing is credited, the whole watch follows the first look.
        Scripted systemd = new Scripted(Instant.now().plusSeconds(60), "active running 42 0");
        long start = System.nanoTime();

        await(systemd, Settling.watch(false), Duration.ofMillis(20));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Settling.WATCH) >= 0, took::toString);
    }

    @Test
    void theWatchAlreadyRunIsThatOfTheYoungestProgramAndNoneForAUnitWithoutOne() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        UnitState old = running("1", now.minusSeconds(5));
        UnitState young = running("2", now.minusMillis(120));
        UnitState stopped = new UnitState(Map.of("ActiveState", "inactive", "SubState", "dead", "MainPID", "0"));
        UnitState noTime = new UnitState(Map.of("ActiveState", "active", "SubState", "running", "MainPID", "3"));

        assertEquals(Settling.WATCH, Settling.alreadyRan(List.of(old), now, Settling.WATCH), "at most the watch");
        assertEquals(Duration.ofMillis(120), Settling.alreadyRan(List.of(old, young), now, Settling.WATCH));
        assertEquals(Duration.ZERO, Settling.alreadyRan(List.of(old, stopped), now, Settling.WATCH));
        assertEquals(Duration.ZERO, Settling.alreadyRan(List.of(old, noTime), now, Settling.WATCH));
        assertEquals(Duration.ZERO, Settling.alreadyRan(List.of(old), now, Duration.ZERO));
    }

    private static UnitState running(String pid, Instant started) {
        return new UnitState(Map.of("ActiveState", "active", "SubState", "running", "MainPID", pid,
                "ExecMainStartTimestamp", SHOWN.format(started)));
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
