package dev.svcctl.cli;

import picocli.CommandLine.Model.OptionSpec;

/** {@code --user}: act on per-user services instead of system services. */
final class ScopeOption {
    static final String NAME = "--user";

    private ScopeOption() {
    }

    static OptionSpec spec() {
        return Options.flag("Per-user services (systemd --user, LaunchAgents, at-logon tasks).", NAME);
    }

    static boolean user(Invocation call) {
        return call.flag(NAME);
    }
}
