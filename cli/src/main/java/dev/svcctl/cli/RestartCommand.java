package dev.svcctl.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart services.")
final class RestartCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Service names.")
    List<String> names;

    @Mixin
    BackendOption backendOption;

    @Mixin
    ScopeOption scope;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        backendOption.select().restart(names, scope.user);
        for (String name : names) {
            spec.commandLine().getOut().println(name + ": restarted");
        }
        return 0;
    }
}
