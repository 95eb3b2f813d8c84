package dev.svcctl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "reload", mixinStandardHelpOptions = true, description = "Send the spec's reload signal to services.")
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    ServiceTargets targets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        targets.backend().reload(targets.names, targets.user());
        targets.report(spec.commandLine().getOut(), "reload signal sent");
        return 0;
    }
}
