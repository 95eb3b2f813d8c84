package dev.svcctl.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

public record RestartSpec(
        RestartPolicy policy,
        Duration delay,
        Optional<Duration> maxDelay,
        int burst,
        Duration window,
        List<Integer> successExitCodes,
        @OmittedWhenEmpty Map<Integer, ExitAction> onExit) {

    public static final RestartSpec DEFAULT = new RestartSpec(
            RestartPolicy.ALWAYS, Duration.ofSeconds(1), Optional.empty(), 5, Duration.ofSeconds(60), List.of(0), Map.of());

    public RestartSpec {
        successExitCodes = List.copyOf(successExitCodes);
        onExit = Collections.unmodifiableMap(new TreeMap<>(onExit)); // by code, so the fingerprint is stable
    }

    /** Without {@code onExit}: the policy alone decides. */
    public RestartSpec(RestartPolicy policy, Duration delay, Optional<Duration> maxDelay, int burst, Duration window,
            List<Integer> successExitCodes) {
        this(policy, delay, maxDelay, burst, window, successExitCodes, Map.of());
    }

    /** This spec with {@code onExit} replaced. */
    public RestartSpec withOnExit(Map<Integer, ExitAction> actions) {
        return new RestartSpec(policy, delay, maxDelay, burst, window, successExitCodes, actions);
    }
}
