package dev.svcctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop services and wait until they are down.")
final class StopCommand implements Callable<Integer> {
    @Mixin
    ServiceTargets targets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        targets.backend().stop(targets.names, targets.user());
        targets.report(spec.commandLine().getOut(), "stopped");
        return 0;
    }
}
