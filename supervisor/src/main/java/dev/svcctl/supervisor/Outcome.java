package dev.svcctl.supervisor;

/** How supervision ended: 0 after a requested stop or a clean end the policy does not restart, 1 otherwise. */
public record Outcome(int exitCode, String reason) {
}
