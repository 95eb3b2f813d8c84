package dev.svcctl.state;

import java.util.Locale;
import java.util.Optional;

/** The last known health of the program, as the state file shows it. */
public enum Health {
    /** No health check configured. */
    NONE,
    /** Configured, no verdict yet for the current run. */
    UNKNOWN,
    HEALTHY,
    UNHEALTHY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The health a label names; empty for a label this version does not know. */
    public static Optional<Health> ofLabel(String label) {
        for (Health h : values()) {
            if (h.label().equals(label)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
