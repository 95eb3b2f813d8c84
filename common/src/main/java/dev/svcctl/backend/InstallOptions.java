package dev.svcctl.backend;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to install: {@code root} redirects every file under a directory and calls nothing (package builds);
 * {@code user} forces user scope; {@code svcctlPath} is the launcher units that run {@code svcctl run} name, chosen
 * by the caller (empty: the running svcctl's own launcher, which must be durable, see {@link LauncherPaths});
 * {@code sources} names where each service's spec came from (service name to the file's absolute path, {@code -}
 * for standard input), which install records next to the spec copy ({@code SpecCopy.recordSource}) and compares
 * with the last install's.
 */
public record InstallOptions(boolean dryRun, boolean noStart, boolean noRestart, boolean force, boolean user,
                             Optional<Path> root, Optional<String> svcctlPath, Map<String, String> sources) {
    public static final InstallOptions DEFAULT =
            new InstallOptions(false, false, false, false, false, Optional.empty());

    public InstallOptions {
        sources = Map.copyOf(sources);
    }

    public InstallOptions(boolean dryRun, boolean noStart, boolean noRestart, boolean force, boolean user,
                          Optional<Path> root, Optional<String> svcctlPath) {
        this(dryRun, noStart, noRestart, force, user, root, svcctlPath, Map.of());
    }

    public InstallOptions(boolean dryRun, boolean noStart, boolean noRestart, boolean force, boolean user,
                          Optional<Path> root) {
        this(dryRun, noStart, noRestart, force, user, root, Optional.empty());
    }

    /** Where the spec of {@code service} came from, when the caller said. */
    public Optional<String> source(String service) {
        return Optional.ofNullable(sources.get(service));
    }
}
