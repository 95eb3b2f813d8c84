package dev.svcctl.state;

import java.util.Locale;
import java.util.Optional;

/** Where the supervised program is in its life; the state file spells these in lower case. */
public enum ProgramState {
    STARTING, RUNNING, BACKOFF, STOPPING, STOPPED, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state a label names; empty for a label this version does not know. */
    public static Optional<ProgramState> ofLabel(String label) {
        for (ProgramState s : values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
