package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

public record RestartSpec(
        RestartPolicy policy,
        Duration delay,
        Optional<Duration> maxDelay,
        int burst,
        Duration window,
        List<Integer> successExitCodes) {

    public static final RestartSpec DEFAULT = new RestartSpec(
            RestartPolicy.ALWAYS, Duration.ofSeconds(1), Optional.empty(), 5, Duration.ofSeconds(60), List.of(0));

    public RestartSpec {
        successExitCodes = List.copyOf(successExitCodes);
    }
}
