package dev.svcctl.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The port through which backends run host commands (systemctl, launchctl); tests substitute a fake. */
public interface ProcessRunner {

    /** For commands that run until the user ends them ({@code logs --follow}): no deadline. */
    Duration NO_TIMEOUT = Duration.ofSeconds(Long.MAX_VALUE);

    /** The outcome of a finished command; output is decoded as UTF-8. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** A command that was still running at its deadline, and was ended. */
    final class TimedOutException extends IOException {
        public TimedOutException(List<String> argv, Duration timeout) {
            super("'" + String.join(" ", argv) + "' did not finish within " + timeout.toSeconds() + "s and was ended");
        }
    }

    /**
     * Runs a command with its output captured, and answers however it exited.
     *
     * @throws TimedOutException when it was still running after {@code timeout}
     * @throws IOException when it cannot be started
     */
    Result run(List<String> argv, Duration timeout) throws IOException;

    /**
     * Runs a command attached to this process's standard streams (e.g. {@code journalctl -f}) until it ends, and
     * answers its exit code.
     */
    default int runAttached(List<String> argv, Duration timeout) throws IOException {
        Result result = run(argv, timeout);
        System.out.print(result.stdout());
        System.err.print(result.stderr());
        return result.exitCode();
    }
}
