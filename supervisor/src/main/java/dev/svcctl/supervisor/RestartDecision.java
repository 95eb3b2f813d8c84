package dev.svcctl.supervisor;

import java.time.Duration;

/** What to do after the program ended: start it again after a delay, or end supervision with an exit code. */
public record RestartDecision(boolean restart, Duration delay, int supervisorExitCode, String reason) {

    static RestartDecision restartAfter(Duration delay, String reason) {
        return new RestartDecision(true, delay, 0, reason);
    }

    static RestartDecision finish(int supervisorExitCode, String reason) {
        return new RestartDecision(false, Duration.ZERO, supervisorExitCode, reason);
    }
}
