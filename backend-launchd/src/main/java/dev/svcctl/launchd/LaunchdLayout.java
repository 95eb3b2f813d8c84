package dev.svcctl.launchd;

import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import java.util.List;

/**
 * Where launchd files live, as install paths ({@code ~/...} for the user's home): daemons in /Library/LaunchDaemons,
 * agents in ~/Library/LaunchAgents, the spec copy that {@code svcctl run --name} reads where it looks for it.
 */
final class LaunchdLayout {
    static final String DAEMON_DIR = "/Library/LaunchDaemons";
    static final String AGENT_DIR = "~/Library/LaunchAgents";
    static final String SYSTEM_LOG_PARENT = "/Library/Logs/svcctl/";
    static final String USER_LOG_PARENT = "Library/Logs/svcctl/";

    private LaunchdLayout() {
    }

    static String label(ServiceSpec spec) {
        return spec.platform().launchd().label().orElse(spec.name());
    }

    static String directory(Scope scope) {
        return scope == Scope.USER ? AGENT_DIR : DAEMON_DIR;
    }

    static String installPath(String label, Scope scope) {
        return directory(scope) + "/" + label + ".plist";
    }

    static String specPath(String service, Scope scope) {
        return specDirectory(scope) + service + ".yaml";
    }

    /** Whether the job was loaded when install --force took over a foreign plist, for uninstall to put back. */
    static String takeoverPath(String service, Scope scope) {
        return specDirectory(scope) + "." + service + ".takeover";
    }

    private static String specDirectory(Scope scope) {
        return scope == Scope.USER ? "~/" + SvcctlPaths.USER_SPECS_IN_HOME + "/" : SvcctlPaths.SYSTEM_SPECS + "/";
    }

    /** Every file a service whose plist is at {@code plistPath} may own: what uninstall removes, status checks. */
    static List<String> ownedPaths(String service, String plistPath, Scope scope) {
        return List.of(specPath(service, scope), plistPath);
    }

    /** launchd does not expand {@code ~}, so an agent's default log directory is spelt out with the home. */
    static String logDir(ServiceSpec spec, Scope scope, String home) {
        return spec.logs().dir().orElse(
                (scope == Scope.USER ? home + "/" + USER_LOG_PARENT : SYSTEM_LOG_PARENT) + spec.name());
    }
}
