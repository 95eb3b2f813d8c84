package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;

/**
 * {@code hooks}: commands run around the program with the service's user, environment and working directory.
 * {@code preStart} runs before every start of the program (failing, it fails that start), {@code postStop} after
 * every end of it; each may run at most {@code timeout}. An empty list means no such hook; at least one is given.
 */
public record HooksSpec(List<String> preStart, List<String> postStop, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    public HooksSpec {
        preStart = List.copyOf(preStart);
        postStop = List.copyOf(postStop);
    }
}
