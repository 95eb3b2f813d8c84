package dev.svcctl.backend;

import dev.svcctl.spec.Scope;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *       else {@code $XDG_RUNTIME_DIR/svcctl}; else {@code TMPDIR/svcctl-USER}; whichever it is, only its owner may
 *       write it ({@link #privateRuntimeDir()})</li>
 *   <li>API token of {@code svcctl serve}: {@code /etc/svcctl/api-token} for system scope,
 *       {@code ~/.config/svcctl/api-token} for user scope (a fixed path, as for the user's specs)</li>
 * </ul>
 */
public final class SvcctlPaths {
    public static final Path SYSTEM_SPECS = Path.of("/etc/svcctl/services");
    /** The user-scope specs directory, relative to the user's home. */
    public static final String USER_SPECS_IN_HOME = ".config/svcctl/services";
    public static final Path SYSTEM_RUNTIME = Path.of("/run/svcctl");
    public static final Path SYSTEM_API_TOKEN = Path.of("/etc/svcctl/api-token");
    /** The user-scope API token of {@code svcctl serve}, relative to the user's home. */
    public static final String USER_API_TOKEN_IN_HOME = ".config/svcctl/api-token";

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

    /** The default token file of {@code svcctl serve} for services of {@code scope}. */
    public Path apiToken(Scope scope) {
        return scope == Scope.SYSTEM ? SYSTEM_API_TOKEN : Path.of(userHome).resolve(USER_API_TOKEN_IN_HOME);
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

    /**
     * The runtime directory, ready for svcctl's state files: created with mode 0700 when missing, and checked on
     * every call: a directory (not a link) owned by this user that no other user can write. One prepared by someone
     * else (in a shared TMPDIR anyone can create {@code svcctl-USER} first) is refused, never used, since its owner
     * could replace or redirect the files written there.
     */
    public Path privateRuntimeDir() throws BackendException {
        Path dir = runtimeDir();
        String hint = "remove it, or set SVCCTL_RUNTIME_DIR (or XDG_RUNTIME_DIR) to a directory of your own";
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            // made earlier (or by someone else): checked below either way
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot create the runtime directory " + dir + ": "
                    + reason(e), "set SVCCTL_RUNTIME_DIR to a writable directory");
        }
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return dir;
        }
        String problem;
        try {
            PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal self = self(dir);
            Set<PosixFilePermission> mode = attrs.permissions();
            problem = attrs.isSymbolicLink() ? "is a symbolic link"
                    : !attrs.isDirectory() ? "is not a directory"
                    : !attrs.owner().equals(self) ? "is owned by " + attrs.owner().getName() + ", not by " + userName
                    : mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)
                    ? "is writable by other users" : null;
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot check the runtime directory " + dir + ": " + reason(e),
                    hint);
        }
        if (problem != null) {
            throw new BackendException(ExitCode.PERMISSION_DENIED, "the runtime directory " + dir + " " + problem
                    + "; svcctl keeps its state only where no one else can write", hint);
        }
        return dir;
    }

    /**
     * This user, as a file owner. By name, unless the uid has no name (the JDK then calls it "?", as in containers
     * run under an arbitrary uid): Linux's /proc/self is owned by the process's own user.
     */
    private UserPrincipal self(Path onFileSystem) throws IOException {
        try {
            return onFileSystem.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(userName);
        } catch (UserPrincipalNotFoundException nameless) {
            return Files.getOwner(Path.of("/proc/self"));
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() + " (" + fs.getFile() + ")"
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /**
     * Where {@code status} looks for the state files of a scope's services, in order: the directory given by
     * {@code SVCCTL_RUNTIME_DIR} alone when it is set; else for system scope {@code /run/svcctl} (where a root
     * supervisor writes), then, for a user other than root, this user's {@link #runtimeDir()} (where their own
     * {@code svcctl run} of a system-scope spec writes); for user scope this user's {@link #runtimeDir()}.
     */
    public List<Path> runtimeDirs(Scope scope) {
        String explicit = env.get("SVCCTL_RUNTIME_DIR");
        boolean given = explicit != null && !explicit.isEmpty();
        // For root, and with SVCCTL_RUNTIME_DIR, runtimeDir() is already the one place.
        return given || scope == Scope.USER || root ? List.of(runtimeDir())
                : List.of(SYSTEM_RUNTIME, runtimeDir());
    }

    /** The state files of service NAME that {@code status} considers, in the order of {@link #runtimeDirs}. */
    public List<Path> stateFiles(String name, Scope scope) {
        return runtimeDirs(scope).stream().map(dir -> dir.resolve(name + ".json")).toList();
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
