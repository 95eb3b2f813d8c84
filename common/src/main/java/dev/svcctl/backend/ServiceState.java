package dev.svcctl.backend;

import java.util.Locale;

public enum ServiceState {
    RUNNING, STARTING, STOPPING, STOPPED, FAILED, NOT_INSTALLED;

    /** The spelling in {@code status} output: {@code not-installed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
