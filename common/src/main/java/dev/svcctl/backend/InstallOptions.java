package dev.svcctl.backend;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to install: {@code root} redirects every file under a directory and calls nothing (package builds);
 * {@code user} forces user scope; {@code svcctlPath} is the launcher units that run {@code svcctl run} name, chosen
 * by the caller (empty: the running svcctl's own launcher, which must be durable, see {@link LauncherPaths}).
 */
public record InstallOptions(boolean dryRun, boolean noStart, boolean noRestart, boolean force, boolean user,
                             Optional<Path> root, Optional<String> svcctlPath) {
    public static final InstallOptions DEFAULT =
            new InstallOptions(false, false, false, false, false, Optional.empty());

    public InstallOptions(boolean dryRun, boolean noStart, boolean noRestart, boolean force, boolean user,
                          Optional<Path> root) {
        this(dryRun, noStart, noRestart, force, user, root, Optional.empty());
    }
}
