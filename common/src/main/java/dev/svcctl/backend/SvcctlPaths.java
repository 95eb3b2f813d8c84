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
 *   <li>installed spec, user scope: {@code $XDG_CONFIG_HOME/svcctl/services/NAME.yaml}
 *       ({@code ~/.config/svcctl/services/NAME.yaml} when XDG_CONFIG_HOME is unset)</li>
 *   <li>runtime directory (state files): {@code $SVCCTL_RUNTIME_DIR} when set; else {@code /run/svcctl} for root;
 *       else {@code $XDG_RUNTIME_DIR/svcctl}; else {@code TMPDIR/svcctl-USER}</li>
 * </ul>
 */
public final class SvcctlPaths {
    public static final Path SYSTEM_SPECS = Path.of("/etc/svcctl/services");
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
        if (scope == Scope.SYSTEM) {
            return SYSTEM_SPECS;
        }
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && config.startsWith("/") ? Path.of(config) : Path.of(userHome, ".config");
        return base.resolve("svcctl").resolve("services");
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
