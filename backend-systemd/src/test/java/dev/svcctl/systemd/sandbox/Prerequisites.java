package dev.svcctl.systemd.sandbox;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need something from the host (root, unshare, systemd) skip without it, with the reason, except on CI
 * (environment variable {@code CI} set to anything but {@code false}), where a missing prerequisite is a failure:
 * CI must never pass by skipping what it is there to check.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    public static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Returns when {@code met}; otherwise skips the test, or fails it on CI, saying {@code reason}. */
    public static void require(boolean met, String reason) {
        if (met) {
            return;
        }
        if (onCi()) {
            throw new AssertionError(reason + " (a failure, not a skip, because CI is set)");
        }
        Assumptions.abort(reason);
    }
}
