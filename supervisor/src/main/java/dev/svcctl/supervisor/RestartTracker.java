package dev.svcctl.supervisor;

import dev.svcctl.spec.Durations;
import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.RestartSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The restart policy as a pure state machine over instants the caller supplies.
 *
 * <ul>
 *   <li>always: restart after any exit; on-failure: unless the exit code is in successExitCodes; never: no
 *       restart. An exit code named in onExit overrides the policy (stop: no restart; restart: a restart that
 *       counts toward burst like any other). An unhealthy program is restarted whatever the policy.</li>
 *   <li>The delay is {@code delay}, doubled after each restart that follows a run shorter than {@code window}, up to
 *       {@code maxDelay}; without maxDelay it stays constant. A run of at least {@code window} resets it.</li>
 *   <li>A restart that would make more than {@code burst} restarts within {@code window} is refused: supervision
 *       gives up and ends with exit code 1.</li>
 * </ul>
 */
public final class RestartTracker {
    private final RestartSpec spec;
    private final Deque<Instant> recentRestarts = new ArrayDeque<>();
    private int doublings;
    private int restarts;

    public RestartTracker(RestartSpec spec) {
        this.spec = spec;
    }

    /** Decides after a run that started at {@code startedAt} ended at {@code now} with {@code status}. */
    public RestartDecision onExit(ExitStatus status, boolean unhealthy, Instant startedAt, Instant now) {
        boolean success = spec.successExitCodes().contains(status.code());
        ExitAction action = unhealthy || status.code() < 0 ? null : spec.onExit().get(status.code());
        if (action == ExitAction.STOP) {
            return RestartDecision.finish(success ? 0 : 1, "the program ended with " + status
                    + ", which restart.onExit does not restart");
        }
        if (action == ExitAction.RESTART) {
            return restart(status.toString(), "the program ended with " + status
                    + ", which restart.onExit restarts", startedAt, now);
        }
        if (!unhealthy) {
            boolean wanted = switch (spec.policy()) {
                case ALWAYS -> true;
                case ON_FAILURE -> !success;
                case NEVER -> false;
            };
            if (!wanted) {
                return success
                        ? RestartDecision.finish(0, "the program ended with " + status)
                        : RestartDecision.finish(1, "the program failed with " + status
                                + " and restart policy is " + policyName());
            }
        }
        return restart(unhealthy ? "unhealthy" : status.toString(),
                unhealthy ? "the program is unhealthy" : "the program ended with " + status, startedAt, now);
    }

    /**
     * Decides after a run the supervisor ended as failed whatever its exit status: not ready within
     * readiness.timeout, or silent past its watchdog. Like a crash, it is restarted unless the policy is never,
     * and counts toward burst.
     */
    public RestartDecision onFailedRun(String failure, Instant startedAt, Instant now) {
        if (spec.policy() == dev.svcctl.spec.RestartPolicy.NEVER) {
            return RestartDecision.finish(1, failure + " and restart policy is never");
        }
        return restart(failure, failure, startedAt, now);
    }

    private RestartDecision restart(String lastRun, String reason, Instant startedAt, Instant now) {
        if (Duration.between(startedAt, now).compareTo(spec.window()) >= 0) {
            doublings = 0;
        }
        while (!recentRestarts.isEmpty()
                && Duration.between(recentRestarts.peekFirst(), now).compareTo(spec.window()) >= 0) {
            recentRestarts.removeFirst();
        }
        if (recentRestarts.size() + 1 > spec.burst()) {
            return RestartDecision.finish(1, "gave up: more than " + spec.burst() + " restarts within "
                    + Durations.format(spec.window()) + " (last run: " + lastRun + ")");
        }
        recentRestarts.addLast(now);
        restarts++;
        Duration delay = currentDelay();
        if (spec.maxDelay().isPresent()) {
            doublings++;
        }
        return RestartDecision.restartAfter(delay, reason);
    }

    /** How many restarts have been decided so far. */
    public int restarts() {
        return restarts;
    }

    private Duration currentDelay() {
        if (spec.maxDelay().isEmpty()) {
            return spec.delay();
        }
        Duration max = spec.maxDelay().get();
        Duration delay = spec.delay();
        for (int i = 0; i < doublings && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private String policyName() {
        return spec.policy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
