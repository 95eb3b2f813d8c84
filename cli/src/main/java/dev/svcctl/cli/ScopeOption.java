package dev.svcctl.cli;

import picocli.CommandLine.Option;

/** {@code --user}: act on per-user services instead of system services. */
final class ScopeOption {
    @Option(names = "--user", description = "Per-user services (systemd --user, LaunchAgents, at-logon tasks).")
    boolean user;
}
