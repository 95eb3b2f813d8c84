package dev.svcctl.backend;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to install: {@code root} redirects every file under a directory and calls nothing (package builds);
 * {@code user} forces user scope.
 */
public record InstallOptions(
        boolean dryRun, boolean noStart, boolean noRestart, boolean force, boolean user, Optional<Path> root) {
    public static final InstallOptions DEFAULT =
            new InstallOptions(false, false, false, false, false, Optional.empty());
}
