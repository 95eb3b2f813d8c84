package dev.svcctl.supervisor;

import java.util.Locale;

/**
 * Whether the current run of the program is ready: {@code NONE} while no program runs (before the first start,
 * waiting to restart, stopped), {@code WAITING} from its start until its readiness check passes, {@code READY}
 * after (at once after the start for a spec without {@code readiness}). The state file spells these in lower case.
 */
public enum ReadyState {
    NONE, WAITING, READY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
