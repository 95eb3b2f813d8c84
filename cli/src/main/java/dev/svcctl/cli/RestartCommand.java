package dev.svcctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart services.")
final class RestartCommand implements Callable<Integer> {
    @Mixin
    ServiceTargets targets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        targets.backend().restart(targets.names, targets.user());
        targets.report(spec.commandLine().getOut(), "restarted");
        return 0;
    }
}
