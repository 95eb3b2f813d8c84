package dev.svcctl.windows.scm;

import java.util.Locale;
import java.util.OptionalLong;

/** SERVICE_STATUS_PROCESS as svcctl reads it. */
public record ServiceState(State state, OptionalLong pid, int win32ExitCode, int serviceSpecificExitCode) {

    /** dwCurrentState. */
    public enum State {
        STOPPED(1), START_PENDING(2), STOP_PENDING(3), RUNNING(4), CONTINUE_PENDING(5), PAUSE_PENDING(6), PAUSED(7);

        private final int win32;

        State(int win32) {
            this.win32 = win32;
        }

        public int win32() {
            return win32;
        }

        public static State of(int win32) {
            for (State s : values()) {
                if (s.win32 == win32) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown service state " + win32);
        }

        /** The spelling used by the conformance sequences: {@code start-pending}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
