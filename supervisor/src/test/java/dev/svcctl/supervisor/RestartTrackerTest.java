package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ExitStatus OK = new ExitStatus(0);
    private static final ExitStatus FAIL = new ExitStatus(1);

    private static RestartSpec spec(RestartPolicy policy, Duration maxDelay, int burst, List<Integer> success) {
        return new RestartSpec(policy, Duration.ofSeconds(1), Optional.ofNullable(maxDelay), burst,
                Duration.ofSeconds(60), success);
    }

    @Test
    void alwaysRestartsAfterASuccessfulExit() {
        RestartDecision d = new RestartTracker(spec(RestartPolicy.ALWAYS, null, 5, List.of(0)))
                .onExit(OK, false, T0, T0.plusSeconds(1));
        assertTrue(d.restart());
        assertEquals(Duration.ofSeconds(1), d.delay());
    }

    @Test
    void onFailureRestartsOnlyCodesOutsideSuccessExitCodes() {
        RestartSpec s = spec(RestartPolicy.ON_FAILURE, null, 5, List.of(0, 3));
        assertFalse(new RestartTracker(s).onExit(OK, false, T0, T0).restart());
        RestartDecision three = new RestartTracker(s).onExit(new ExitStatus(3), false, T0, T0);
        assertFalse(three.restart());
        assertEquals(0, three.supervisorExitCode());
        assertTrue(new RestartTracker(s).onExit(FAIL, false, T0, T0).restart());
        assertTrue(new RestartTracker(s).onExit(new ExitStatus(143), false, T0, T0).restart(), "killed by SIGTERM");
    }

    @Test
    void neverEndsWithTheProgramsVerdict() {
        RestartSpec s = spec(RestartPolicy.NEVER, null, 5, List.of(0));
        RestartDecision clean = new RestartTracker(s).onExit(OK, false, T0, T0);
        RestartDecision failed = new RestartTracker(s).onExit(FAIL, false, T0, T0);
        assertFalse(clean.restart());
        assertEquals(0, clean.supervisorExitCode());
        assertFalse(failed.restart());
        assertEquals(1, failed.supervisorExitCode());
        assertTrue(failed.reason().contains("exit code 1"), failed.reason());
    }

    @Test
    void onExitOverridesThePolicyPerExitCode() {
        RestartSpec always = spec(RestartPolicy.ALWAYS, null, 5, List.of(0))
                .withOnExit(Map.of(3, ExitAction.STOP, 0, ExitAction.STOP));
        RestartDecision three = new RestartTracker(always).onExit(new ExitStatus(3), false, T0, T0);
        assertFalse(three.restart());
        assertEquals(1, three.supervisorExitCode(), "3 is no success code: the service ends failed");
        assertTrue(three.reason().contains("restart.onExit"), three.reason());
        assertEquals(0, new RestartTracker(always).onExit(OK, false, T0, T0).supervisorExitCode());
        assertTrue(new RestartTracker(always).onExit(new ExitStatus(4), false, T0, T0).restart(), "4 follows policy");
        assertTrue(new RestartTracker(always).onExit(new ExitStatus(3), true, T0, T0).restart(),
                "an unhealthy program is restarted even when its code says stop");

        RestartSpec never = spec(RestartPolicy.NEVER, null, 5, List.of(0)).withOnExit(Map.of(75, ExitAction.RESTART));
        assertTrue(new RestartTracker(never).onExit(new ExitStatus(75), false, T0, T0).restart());
        assertFalse(new RestartTracker(never).onExit(new ExitStatus(76), false, T0, T0).restart());
    }

    @Test
    void aForcedRestartCountsTowardBurst() {
        RestartTracker tracker = new RestartTracker(spec(RestartPolicy.NEVER, null, 2, List.of(0))
                .withOnExit(Map.of(75, ExitAction.RESTART)));
        ExitStatus tempfail = new ExitStatus(75);
        assertTrue(tracker.onExit(tempfail, false, T0, T0.plusMillis(10)).restart());
        assertTrue(tracker.onExit(tempfail, false, T0, T0.plusMillis(20)).restart());
        RestartDecision third = tracker.onExit(tempfail, false, T0, T0.plusMillis(30));
        assertFalse(third.restart());
        assertTrue(third.reason().startsWith("gave up: more than 2 restarts"), third.reason());
    }

    @Test
    void anUnhealthyProgramIsRestartedWhateverThePolicy() {
        assertTrue(new RestartTracker(spec(RestartPolicy.NEVER, null, 5, List.of(0)))
                .onExit(new ExitStatus(143), true, T0, T0).restart());
    }

    @Test
    void delayDoublesUpToMaxDelayAndResetsAfterARunOfWindowLength() {
        RestartTracker tracker = new RestartTracker(new RestartSpec(RestartPolicy.ALWAYS, Duration.ofSeconds(1),
                Optional.of(Duration.ofSeconds(5)), 100, Duration.ofSeconds(60), List.of(0)));
        List<Long> delays = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 5; i++) {
            RestartDecision d = tracker.onExit(FAIL, false, now, now.plusMillis(100));
            delays.add(d.delay().toMillis());
            now = now.plusSeconds(1);
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 5000L, 5000L), delays);
        RestartDecision afterLongRun = tracker.onExit(FAIL, false, now, now.plusSeconds(60));
        assertEquals(Duration.ofSeconds(1), afterLongRun.delay());
    }

    @Test
    void withoutMaxDelayTheDelayStaysConstant() {
        RestartTracker tracker = new RestartTracker(spec(RestartPolicy.ALWAYS, null, 100, List.of(0)));
        for (int i = 0; i < 4; i++) {
            assertEquals(Duration.ofSeconds(1), tracker.onExit(FAIL, false, T0, T0.plusSeconds(i)).delay());
        }
    }

    @Test
    void givesUpOnTheRestartThatExceedsBurstWithinWindow() {
        RestartTracker tracker = new RestartTracker(spec(RestartPolicy.ALWAYS, null, 3, List.of(0)));
        for (int i = 0; i < 3; i++) {
            assertTrue(tracker.onExit(FAIL, false, T0, T0.plusSeconds(i)).restart(), "restart " + (i + 1));
        }
        RestartDecision fourth = tracker.onExit(FAIL, false, T0, T0.plusSeconds(3));
        assertFalse(fourth.restart());
        assertEquals(1, fourth.supervisorExitCode());
        assertTrue(fourth.reason().startsWith("gave up: more than 3 restarts within 1m"), fourth.reason());
    }

    @Test
    void restartsOutsideTheWindowNoLongerCount() {
        RestartTracker tracker = new RestartTracker(spec(RestartPolicy.ALWAYS, null, 2, List.of(0)));
        assertTrue(tracker.onExit(FAIL, false, T0, T0).restart());
        assertTrue(tracker.onExit(FAIL, false, T0, T0.plusSeconds(30)).restart());
        assertTrue(tracker.onExit(FAIL, false, T0, T0.plusSeconds(61)).restart(), "the first has left the window");
        assertFalse(tracker.onExit(FAIL, false, T0, T0.plusSeconds(62)).restart());
    }

    @Test
    void aFailedRunRestartsUnderOnFailureAndAlwaysAndSharesTheBurstWithCrashes() {
        RestartTracker tracker = new RestartTracker(spec(RestartPolicy.ON_FAILURE, null, 2, List.of(0)));
        assertTrue(tracker.onFailedRun("not ready after 1s", T0, T0.plusSeconds(1)).restart());
        assertTrue(tracker.onExit(FAIL, false, T0, T0.plusSeconds(2)).restart());
        RestartDecision third = tracker.onFailedRun("watchdog: no WATCHDOG=1 for 30s", T0, T0.plusSeconds(3));
        assertFalse(third.restart());
        assertEquals(1, third.supervisorExitCode());
        assertEquals("gave up: more than 2 restarts within 1m (last run: watchdog: no WATCHDOG=1 for 30s)",
                third.reason());
        assertEquals(2, tracker.restarts());
        assertTrue(new RestartTracker(spec(RestartPolicy.ALWAYS, null, 5, List.of(0)))
                .onFailedRun("not ready after 1s", T0, T0).restart());
    }

    @Test
    void aFailedRunUnderPolicyNeverEndsSupervisionWithExitCode1() {
        RestartDecision d = new RestartTracker(spec(RestartPolicy.NEVER, null, 5, List.of(0)))
                .onFailedRun("not ready after 90s", T0, T0);
        assertFalse(d.restart());
        assertEquals(1, d.supervisorExitCode());
        assertEquals("not ready after 90s and restart policy is never", d.reason());
    }
}
