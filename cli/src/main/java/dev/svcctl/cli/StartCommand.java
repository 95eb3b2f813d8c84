package dev.svcctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Start installed services and wait until they run.")
final class StartCommand implements Callable<Integer> {
    @Mixin
    ServiceTargets targets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        targets.backend().start(targets.names, targets.user());
        targets.report(spec.commandLine().getOut(), "running");
        return 0;
    }
}
