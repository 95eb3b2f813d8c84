package dev.svcctl.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The port through which backends run host commands (systemctl, launchctl); tests substitute a fake. */
public interface ProcessRunner {

    /** The outcome of a finished command; output is decoded as UTF-8. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(List<String> argv, Duration timeout) throws IOException;

    /**
     * Runs a command attached to this process's standard streams (e.g. {@code journalctl -f}) until it ends, and
     * answers its exit code.
     */
    default int runAttached(List<String> argv) throws IOException {
        Result result = run(argv, Duration.ofDays(365));
        System.out.print(result.stdout());
        System.err.print(result.stderr());
        return result.exitCode();
    }
}
