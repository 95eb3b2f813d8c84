package dev.svcctl.backend;

import java.util.Locale;

/**
 * A service's state in {@code status}: {@code running}, {@code starting}, {@code restarting} (a supervised program
 * that ended and waits for its restart), {@code stopping}, {@code stopped}, {@code failed}, {@code not-installed}.
 */
public enum ServiceState {
    RUNNING, STARTING, RESTARTING, STOPPING, STOPPED, FAILED, NOT_INSTALLED;

    /** The spelling in {@code status} output: {@code not-installed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
