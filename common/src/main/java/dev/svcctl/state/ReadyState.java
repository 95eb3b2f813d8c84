package dev.svcctl.state;

import java.util.Locale;
import java.util.Optional;

/** Whether the program has said (or shown) that it is ready to serve, as the state file shows it. */
public enum ReadyState {
    /** Nothing known about readiness: no program has been started, or supervision has ended. */
    NONE,
    /** A program was started and is not ready yet. */
    WAITING,
    READY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The readiness a label names; empty for a label this version does not know. */
    public static Optional<ReadyState> ofLabel(String label) {
        for (ReadyState r : values()) {
            if (r.label().equals(label)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
