package dev.svcctl.spec;

import java.time.Duration;

public record StopSpec(Signal signal, Duration timeout, StopMode mode) {
    public static final StopSpec DEFAULT = new StopSpec(Signal.TERM, Duration.ofSeconds(30), StopMode.GROUP);

    /** A stop of the whole process tree, the default mode. */
    public StopSpec(Signal signal, Duration timeout) {
        this(signal, timeout, StopMode.GROUP);
    }

    public StopSpec {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("stop.timeout must be longer than 0, not " + timeout);
        }
    }
}
