package dev.svcctl.spec;

import java.time.Duration;

public record StopSpec(Signal signal, Duration timeout) {
    public static final StopSpec DEFAULT = new StopSpec(Signal.TERM, Duration.ofSeconds(30));

    public StopSpec {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("stop.timeout must be longer than 0, not " + timeout);
        }
    }
}
