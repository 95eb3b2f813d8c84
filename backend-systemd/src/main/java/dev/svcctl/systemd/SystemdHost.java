package dev.svcctl.systemd;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.install.InstallEngine;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.StepPauses;
import dev.svcctl.os.Accounts;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.os.FileRoot;
import dev.svcctl.os.GetentAccounts;
import dev.svcctl.os.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The ports through which the systemd backend touches the host, and the few facts about it that it needs.
 *
 * @param superuser whether svcctl runs as root (system services need it)
 * @param path the PATH a bare {@code exec} is looked up on
 * @param svcctlCommand the svcctl launcher units that run {@code svcctl run} name
 * @param settleBound how long start/restart wait at most for services to leave a starting state
 */
record SystemdHost(ProcessRunner runner, Accounts accounts, FileRoot files, boolean superuser, String path,
                   StepPauses pauses, String svcctlCommand, Duration settleBound) {
    static final String SVCCTL_LAUNCHER_PROPERTY = "svcctl.launcher";

    static SystemdHost current() {
        ProcessRunner runner = new CommonsExecProcessRunner();
        return new SystemdHost(runner, new GetentAccounts(runner), FileRoot.host(), effectiveUidIsRoot(),
                System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"), StepPauses.fromEnvironment(),
                System.getProperty(SVCCTL_LAUNCHER_PROPERTY, RenderOptions.DEFAULT_SVCCTL), Duration.ofSeconds(10));
    }

    /** The install engine over this host's files. */
    InstallEngine engine() {
        return new InstallEngine(LocalArtifactFiles.host(files, pauses));
    }

    SystemdHost withFiles(FileRoot root) {
        return new SystemdHost(runner, accounts, root, superuser, path, pauses, svcctlCommand, settleBound);
    }

    /** /proc/self belongs to the effective user of the process that looks at it. */
    private static boolean effectiveUidIsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
