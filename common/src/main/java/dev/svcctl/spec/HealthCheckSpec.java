package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;

/**
 * A health check run by the svcctl supervisor. Exactly one of the probes is set: {@code target} holds the URL for
 * HTTP, {@code host:port} for TCP, and is empty for EXEC, whose argv is {@code command}.
 */
public record HealthCheckSpec(
        Kind kind,
        String target,
        List<String> command,
        Duration interval,
        Duration timeout,
        int retries,
        Duration startPeriod) {

    public enum Kind { HTTP, TCP, EXEC }

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_RETRIES = 3;

    public HealthCheckSpec {
        command = List.copyOf(command);
    }
}
