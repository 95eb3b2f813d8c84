package dev.svcctl.cli;

import dev.svcctl.backend.InstallOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = {"Stop, disable and remove services svcctl installed; logs and data are kept.",
            "Exit 4 when a service is not installed."})
final class UninstallCommand implements Callable<Integer> {
    @Mixin
    ServiceTargets targets;

    @Option(names = "--root", paramLabel = "DIR", description = "Remove files under DIR and call nothing.")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        targets.backend().uninstall(targets.names,
                new InstallOptions(false, false, false, false, targets.user(), Optional.ofNullable(root)));
        targets.report(spec.commandLine().getOut(), "removed");
        return 0;
    }
}
