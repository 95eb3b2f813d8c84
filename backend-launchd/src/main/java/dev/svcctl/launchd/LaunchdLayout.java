package dev.svcctl.launchd;

import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;

/** Where launchd files live: daemons in /Library/LaunchDaemons, agents in ~/Library/LaunchAgents. */
final class LaunchdLayout {
    static final String DAEMON_DIR = "/Library/LaunchDaemons";
    static final String AGENT_DIR = "Library/LaunchAgents";
    static final String SYSTEM_LOG_PARENT = "/Library/Logs/svcctl/";
    static final String USER_LOG_PARENT = "Library/Logs/svcctl/";

    private LaunchdLayout() {
    }

    static String label(ServiceSpec spec) {
        return spec.platform().launchd().label().orElse(spec.name());
    }

    /** The Artifact path: absolute for daemons, {@code ~/...} for agents. */
    static String installPath(String label, Scope scope) {
        return (scope == Scope.USER ? "~/" + AGENT_DIR : DAEMON_DIR) + "/" + label + ".plist";
    }

    /** Where the plist of {@code label} is on this host, given the user's home. */
    static String hostPath(String label, Scope scope, String home) {
        return directory(scope, home) + "/" + label + ".plist";
    }

    static String directory(Scope scope, String home) {
        return scope == Scope.USER ? home + "/" + AGENT_DIR : DAEMON_DIR;
    }

    /** launchd does not expand {@code ~}, so an agent's default log directory is spelt out with the home. */
    static String logDir(ServiceSpec spec, Scope scope, String home) {
        return spec.logs().dir().orElse(
                (scope == Scope.USER ? home + "/" + USER_LOG_PARENT : SYSTEM_LOG_PARENT) + spec.name());
    }
}
