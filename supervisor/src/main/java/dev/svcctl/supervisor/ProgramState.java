package dev.svcctl.supervisor;

import java.util.Locale;

/** Where the supervised program is in its life; the state file spells these in lower case. */
public enum ProgramState {
    STARTING, RUNNING, BACKOFF, STOPPING, STOPPED, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
