package dev.svcctl.backend;

import dev.svcctl.spec.Scope;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where svcctl keeps its own files on POSIX hosts, in one place because several parties meet there: a backend
 * writes the installed copy of a spec at install time and {@code svcctl run --name NAME} reads it; the supervisor
 * writes its state file and {@code status} reads it.
 *
 * <ul>
 *   <li>installed spec, system scope: {@code /etc/svcctl/services/NAME.yaml}</li>
 *   <li>installed spec, user scope: {@code ~/.config/svcctl/services/NAME.yaml}, whatever XDG_CONFIG_HOME says:
 *       the writer (install, in the user's shell) and the reader ({@code svcctl run} under the user's service
 *       manager) see different environments, so only a fixed path is sure to be the same for both</li>
 *   <li>runtime directory (state files): {@code $SVCCTL_RUNTIME_DIR} when set; else {@code /run/svcctl} for root;
 *       else {@code $XDG_RUNTIME_DIR/svcctl}; else {@code TMPDIR/svcctl-USER}</li>
 * </ul>
 */
public final class SvcctlPaths {
    public static final Path SYSTEM_SPECS = Path.of("/etc/svcctl/services");
    /** The user-scope specs directory, relative to the user's home. */
    public static final String USER_SPECS_IN_HOME = ".config/svcctl/services";
    public static final Path SYSTEM_RUNTIME = Path.of("/run/svcctl");

    private final Map<String, String> env;
    private final String userHome;
    private final String userName;
    private final String tmpDir;
    private final boolean root;

    public SvcctlPaths(Map<String, String> env, String userHome, String userName, String tmpDir, boolean root) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.userName = userName;
        this.tmpDir = tmpDir;
        this.root = root;
    }

    /** The paths of the process that asks, from its environment and system properties. */
    public static SvcctlPaths current() {
        String user = System.getProperty("user.name", "user");
        return new SvcctlPaths(System.getenv(), System.getProperty("user.home", "/"), user,
                System.getProperty("java.io.tmpdir", "/tmp"), user.equals("root"));
    }

    public Path specsDir(Scope scope) {
        return scope == Scope.SYSTEM ? SYSTEM_SPECS : Path.of(userHome).resolve(USER_SPECS_IN_HOME);
    }

    /** The installed copy of the spec of service NAME. */
    public Path installedSpec(String name, Scope scope) {
        return specsDir(scope).resolve(name + ".yaml");
    }

    public Path runtimeDir() {
        String explicit = env.get("SVCCTL_RUNTIME_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        if (root) {
            return SYSTEM_RUNTIME;
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg, "svcctl");
        }
        return Path.of(tmpDir, "svcctl-" + userName);
    }

    /** The supervisor's state file for service NAME (format: docs/supervisor.md). */
    public Path stateFile(String name) {
        return runtimeDir().resolve(name + ".json");
    }

    /**
     * The default directory of file logs when the spec names none: {@code /var/log/svcctl/NAME} for system scope,
     * {@code $XDG_STATE_HOME/log/svcctl/NAME} (systemd's %L) for user scope.
     */
    public Path defaultLogDir(String name, Scope scope) {
        if (scope == Scope.SYSTEM) {
            return Path.of("/var/log/svcctl", name);
        }
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && state.startsWith("/") ? Path.of(state) : Path.of(userHome, ".local", "state");
        return base.resolve("log").resolve("svcctl").resolve(name);
    }
}
