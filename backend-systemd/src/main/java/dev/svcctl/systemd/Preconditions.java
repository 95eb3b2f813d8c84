package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;

/** What the host must offer before svcctl acts on it, with errors that say how to get there. */
final class Preconditions {
    static final String BOOTED_MARKER = "/run/systemd/system";

    private Preconditions() {
    }

    /** systemd's own test for "booted with systemd" (sd_booted). */
    static void systemdRunning(SystemdHost host) throws BackendException {
        if (!Files.isDirectory(host.files().resolve(BOOTED_MARKER))) {
            throw new BackendException(ExitCode.UNAVAILABLE, "systemd is not running on this host",
                    "'svcctl render' shows the unit, 'svcctl install --root DIR' writes it for a package or image,"
                            + " 'svcctl run FILE' hosts the program in the foreground");
        }
    }

    static void superuser(SystemdHost host, String what) throws BackendException {
        if (!host.superuser()) {
            throw new BackendException(ExitCode.PERMISSION_DENIED, what + " needs root",
                    "run it with sudo, or use --user for a per-user service");
        }
    }

    static BackendException ioFailure(String what, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new BackendException(ExitCode.PERMISSION_DENIED, what + ": permission denied",
                    "run it with sudo, or use --user for a per-user service", e);
        }
        return new BackendException(ExitCode.FAILED, what + ": " + e.getMessage(), null, e);
    }
}
