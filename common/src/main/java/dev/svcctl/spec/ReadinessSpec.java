package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;

/**
 * When the program counts as ready (spec key {@code readiness}). Exactly one kind: {@code NOTIFY} (the program
 * sends READY=1 over $NOTIFY_SOCKET), {@code TCP} ({@code target} is HOST:PORT), {@code HTTP} ({@code target} is the
 * URL), {@code EXEC} ({@code command} exits 0) or {@code PID_FILE} ({@code target} is the file a forking daemon
 * writes). Not ready within {@code timeout}: the start has failed.
 */
public record ReadinessSpec(Kind kind, String target, List<String> command, Duration timeout) {

    public enum Kind {
        NOTIFY, TCP, HTTP, EXEC, PID_FILE;

        /** The key that selects this kind in a spec. */
        public String key() {
            return switch (this) {
                case NOTIFY -> "notify";
                case TCP -> "tcp";
                case HTTP -> "http";
                case EXEC -> "exec";
                case PID_FILE -> "pidFile";
            };
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    public ReadinessSpec {
        command = List.copyOf(command);
    }

    public static ReadinessSpec notify(Duration timeout) {
        return new ReadinessSpec(Kind.NOTIFY, "", List.of(), timeout);
    }

    /** A probe run until it first succeeds: TCP, HTTP or EXEC. */
    public boolean probes() {
        return kind == Kind.TCP || kind == Kind.HTTP || kind == Kind.EXEC;
    }
}
