package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.Rendering;
import dev.svcctl.install.ArtifactPlan.Change;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The install engine every backend uses for its files: it plans each rendered artifact against what is there (the
 * action, drift, ownership, a unified diff), serializes installs of one service with a lock, writes atomically, rolls
 * back what a failed run wrote, and on uninstall removes only svcctl's files and restores what {@code --force} took
 * over. Driving the init system is the backend's activator's job, after {@link #apply}.
 */
public final class InstallEngine {
    public static final String BACKUP_SUFFIX = ".svcctl-backup";
    static final Duration LOCK_WAIT = Duration.ofSeconds(120);

    private final ArtifactFiles files;

    public InstallEngine(ArtifactFiles files) {
        this.files = files;
    }

    public ArtifactFiles files() {
        return files;
    }

    /** Who a file at an artifact's path belongs to. */
    public enum Ownership { ABSENT, MANAGED, DRIFTED, FOREIGN, NOT_A_FILE }

    public static Ownership ownership(String installPath, Existing existing) {
        return switch (existing.kind()) {
            case ABSENT -> Ownership.ABSENT;
            case LINK, OTHER -> Ownership.NOT_A_FILE;
            case FILE -> {
                Optional<ManagedMarker.Located> marker = ManagedMarker.locate(existing.text());
                if (marker.isPresent()) {
                    yield marker.get().drifted() ? Ownership.DRIFTED : Ownership.MANAGED;
                }
                yield inSvcctlDirectory(installPath) ? Ownership.MANAGED : Ownership.FOREIGN;
            }
        };
    }

    /**
     * Whether the path lies in one of svcctl's own directories ({@code /etc/svcctl/}, {@code ~/.config/svcctl/},
     * {@code C:\\ProgramData\\svcctl\\}, {@code ~/AppData/Local/svcctl/}): nobody else writes there, so a file
     * that an older svcctl wrote without a marker is svcctl's too.
     */
    static boolean inSvcctlDirectory(String installPath) {
        return installPath.replace('\\', '/').toLowerCase(java.util.Locale.ROOT).contains("/svcctl/");
    }

    /**
     * Holds the per-service locks ({@link #lockPath}) in
     * a fixed order, so that two svcctl runs on overlapping services never interleave nor deadlock. A second run
     * waits for the first; after {@link #LOCK_WAIT} it fails with a message naming the service. Installs under
     * {@code --root} take no lock: the directory is a package or image being built, and a lock file would ship in
     * it.
     */
    public AutoCloseable lock(List<String> lockPaths) throws BackendException {
        List<AutoCloseable> held = new ArrayList<>();
        AutoCloseable all = () -> {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).close();
            }
        };
        try {
            for (String path : new TreeSet<>(lockPaths)) {
                held.add(files.lock(path, LOCK_WAIT));
            }
            return all;
        } catch (ArtifactFiles.LockTimeoutException e) {
            closeQuietly(all);
            throw new BackendException(ExitCode.FAILED, e.getMessage() + "; another install or uninstall of the"
                    + " same service is still running", "wait for it to finish, then run this again");
        } catch (IOException e) {
            closeQuietly(all);
            throw failure("cannot lock " + lockPaths, e);
        }
    }

    /** A step of an install or uninstall that runs while the services' locks are held. */
    public interface LockedStep<T> {
        T run() throws BackendException;
    }

    /**
     * Runs {@code step} holding the locks of {@link #lock}, or without them when {@code take} is false: a dry run
     * writes nothing, and under {@code --root} the lock file would ship in the package being built.
     */
    public <T> T whileLocked(List<String> lockPaths, boolean take, LockedStep<T> step) throws BackendException {
        if (!take) {
            return step.run();
        }
        AutoCloseable held = lock(lockPaths);
        try {
            return step.run();
        } finally {
            closeQuietly(held);
        }
    }

    /**
     * The lock file of a service whose spec copy lives (or would live) at {@code specCopyPath}: in a runtime
     * directory, which the next boot empties, so that uninstall leaves nothing of the service behind
     * ({@code /run/svcctl/locks/NAME.lock}; user scope {@code $XDG_RUNTIME_DIR/svcctl/locks/}, else
     * {@code ~/.cache/svcctl/locks/}; Windows {@code C:\ProgramData\svcctl\locks\}).
     */
    public static String lockPath(String specCopyPath) {
        int slash = Math.max(specCopyPath.lastIndexOf('/'), specCopyPath.lastIndexOf('\\'));
        String lock = specCopyPath.substring(slash + 1).replaceFirst("\\.yaml$", "") + ".lock";
        if (specCopyPath.indexOf('\\') >= 0) {
            String servicesDir = specCopyPath.substring(0, slash);
            return servicesDir.substring(0, servicesDir.lastIndexOf('\\') + 1) + "locks\\" + lock;
        }
        if (specCopyPath.startsWith("~/")) {
            String runtime = System.getenv("XDG_RUNTIME_DIR");
            return (runtime != null && runtime.startsWith("/") ? runtime + "/svcctl" : "~/.cache/svcctl")
                    + "/locks/" + lock;
        }
        return "/run/svcctl/locks/" + lock;
    }

    /**
     * Plans one service. {@code formerPaths} are files the service may own from an earlier install that this
     * rendering no longer has (a spec copy once the service stops needing the supervisor): svcctl's own go.
     *
     * @param problems collects why the plan cannot be carried out (foreign files without --force, links)
     */
    public ServicePlan plan(Rendering rendering, List<String> formerPaths, boolean force, List<String> problems)
            throws BackendException {
        List<ArtifactPlan> artifacts = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        for (Artifact artifact : rendering.artifacts()) {
            rendered.add(artifact.installPath());
            Existing before = read(artifact.installPath());
            Change change = switch (ownership(artifact.installPath(), before)) {
                case ABSENT -> Change.CREATE;
                case NOT_A_FILE -> {
                    problems.add(rendering.service() + ": " + notAFile(artifact.installPath(), before));
                    yield null;
                }
                case FOREIGN -> {
                    if (!force) {
                        problems.add(rendering.service() + ": " + files.describe(artifact.installPath())
                                + " was not written by svcctl (it has no svcctl-managed marker)");
                        yield null;
                    }
                    yield Change.TAKE_OVER;
                }
                case DRIFTED -> Change.REPAIR;
                case MANAGED -> Arrays.equals(before.bytes(), artifact.bytes()) && sameAccess(before, artifact)
                        ? Change.KEEP : Change.UPDATE;
            };
            if (change != null) {
                artifacts.add(new ArtifactPlan(artifact.installPath(), Optional.of(artifact), before, change));
            }
        }
        for (String former : formerPaths) {
            if (rendered.contains(former)) {
                continue;
            }
            Existing before = read(former);
            Ownership owner = ownership(former, before);
            if (owner == Ownership.MANAGED || owner == Ownership.DRIFTED) {
                artifacts.add(new ArtifactPlan(former, Optional.empty(), before, Change.REMOVE));
            }
        }
        return new ServicePlan(rendering.service(), artifacts);
    }

    /**
     * Whether the file already has the artifact's mode and owner, where the file system tells them: a file of an
     * older svcctl that held env values world-readable is rewritten private even when its text is the same.
     */
    static boolean sameAccess(Existing before, Artifact artifact) {
        boolean mode = before.mode() == 0 || (before.mode() & 07777) == artifact.mode();
        boolean owner = artifact.owner().isEmpty() || before.owner().isEmpty()
                || before.owner().equals(artifact.owner());
        return mode && owner;
    }

    private String notAFile(String installPath, Existing before) {
        return files.describe(installPath) + (before.kind() == Existing.Kind.LINK
                ? " is a symbolic link to " + before.text() + "; svcctl does not write through links"
                : " is not a regular file");
    }

    /** The problems as one error (exit 1), with the hint that fits them. */
    public static BackendException refused(List<String> problems) {
        boolean foreign = false;
        for (String problem : problems) {
            foreign |= problem.contains("not written by svcctl");
        }
        return new BackendException(ExitCode.FAILED, String.join("\n", problems), foreign
                ? "svcctl never overwrites a file it did not write; 'install --force' takes it over and keeps a"
                        + " backup that uninstall restores" : null);
    }

    /**
     * Carries out the plans' file changes in order (each service's artifacts in rendering order, so a spec copy
     * listed first is in place before the unit that needs it). When a write fails, what this run wrote is put back
     * as it was and the error names the file.
     */
    public void apply(List<ServicePlan> plans) throws BackendException {
        List<ArtifactPlan> done = new ArrayList<>();
        List<String> backups = new ArrayList<>();
        ArtifactPlan current = null;
        try {
            for (ServicePlan plan : plans) {
                for (ArtifactPlan artifact : plan.artifacts()) {
                    current = artifact;
                    if (!artifact.changes()) {
                        continue;
                    }
                    if (artifact.change() == Change.TAKE_OVER) {
                        String backup = artifact.path() + BACKUP_SUFFIX;
                        if (files.read(backup).absent()) {
                            files.write(backup, artifact.before().bytes(), artifact.before().mode(),
                                    artifact.before().owner(), "backup");
                            backups.add(backup);
                        }
                    }
                    done.add(artifact);
                    if (artifact.writes()) {
                        Artifact wanted = artifact.wanted().get();
                        files.write(artifact.path(), wanted.bytes(), wanted.mode(), wanted.owner(),
                                step(artifact.path()));
                    } else {
                        files.delete(artifact.path());
                    }
                }
            }
        } catch (IOException e) {
            String undone = rollback(done, backups);
            throw failure("cannot write " + files.describe(current.path()) + ": " + reason(e) + undone, e);
        }
    }

    /** The test hook's name for a file's write steps: {@code spec} for spec copies, {@code unit} for the rest. */
    private static String step(String path) {
        return SpecCopy.isSpecCopy(path) ? "spec" : "unit";
    }

    private String rollback(List<ArtifactPlan> done, List<String> backups) {
        List<String> left = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            ArtifactPlan artifact = done.get(i);
            try {
                if (artifact.before().absent()) {
                    files.delete(artifact.path());
                } else {
                    files.write(artifact.path(), artifact.before().bytes(), artifact.before().mode(),
                            artifact.before().owner(), "rollback");
                }
            } catch (IOException e) {
                left.add(files.describe(artifact.path()));
            }
        }
        for (String backup : backups) {
            try {
                files.delete(backup);
            } catch (IOException e) {
                left.add(files.describe(backup));
            }
        }
        return left.isEmpty() ? "; nothing was changed" : "; could not put back " + String.join(", ", left);
    }

    /** What uninstall found for one service's files. */
    public record Removal(String service, List<String> removed, List<String> restored, boolean found) {
    }

    /**
     * Checks the files a service may own: {@code present} when any of them is svcctl's; problems for files at those
     * paths that are not svcctl's (nothing is removed then).
     */
    public boolean owns(String service, List<String> paths, List<String> problems) throws BackendException {
        boolean found = false;
        for (String path : paths) {
            Existing existing = read(path);
            switch (ownership(path, existing)) {
                case MANAGED, DRIFTED -> found = true;
                case FOREIGN -> problems.add(service + ": " + files.describe(path) + " was not written by svcctl");
                case NOT_A_FILE -> problems.add(service + ": " + notAFile(path, existing));
                default -> { }
            }
        }
        return found;
    }

    /**
     * Removes a service's files (call {@link #owns} first): each of svcctl's files goes, and where
     * {@code install --force} kept a backup of the file it took over, the backup is put back byte for byte.
     */
    public Removal remove(String service, List<String> paths) throws BackendException {
        List<String> removed = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        for (String path : paths) {
            try {
                Ownership owner = ownership(path, files.read(path));
                if (owner != Ownership.MANAGED && owner != Ownership.DRIFTED) {
                    continue;
                }
                Existing backup = files.read(path + BACKUP_SUFFIX);
                if (backup.kind() == Existing.Kind.FILE) {
                    files.write(path, backup.bytes(), backup.mode(), backup.owner(), "restore");
                    files.delete(path + BACKUP_SUFFIX);
                    restored.add(path);
                } else {
                    files.delete(path);
                    removed.add(path);
                }
            } catch (IOException e) {
                throw failure("cannot remove " + files.describe(path) + ": " + reason(e), e);
            }
        }
        return new Removal(service, removed, restored, !removed.isEmpty() || !restored.isEmpty());
    }

    /**
     * Whether any of svcctl's files at these paths was edited by hand since svcctl wrote it. A file the caller may not
     * read (a spec copy or environment file, private as it holds env's values, asked about by another user) is
     * left out: only its owner and root can tell.
     */
    public boolean drift(List<String> paths) throws BackendException {
        for (String path : paths) {
            Existing existing;
            try {
                existing = files.read(path);
            } catch (AccessDeniedException privateFile) {
                continue;
            } catch (IOException e) {
                throw failure("cannot read " + files.describe(path) + ": " + reason(e), e);
            }
            if (ownership(path, existing) == Ownership.DRIFTED) {
                return true;
            }
        }
        return false;
    }

    public Existing read(String path) throws BackendException {
        try {
            return files.read(path);
        } catch (IOException e) {
            throw failure("cannot read " + files.describe(path) + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static BackendException failure(String message, IOException e) {
        boolean denied = e instanceof AccessDeniedException;
        return new BackendException(denied ? ExitCode.PERMISSION_DENIED : ExitCode.FAILED, message,
                denied ? "run as root (sudo) for system services, or --user for your own" : null, e);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already failing; the lock files are released with the process anyway
        }
    }
}
