package dev.svcctl.supervisor;

/** The last known health of the program, as the state file shows it. */
public enum Health {
    /** No health check configured. */
    NONE,
    /** Configured, no verdict yet for the current run. */
    UNKNOWN,
    HEALTHY,
    UNHEALTHY
}
