package dev.svcctl.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop services and wait until they are down.")
final class StopCommand implements Callable<Integer> {
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
        backendOption.select().stop(names, scope.user);
        for (String name : names) {
            spec.commandLine().getOut().println(name + ": stopped");
        }
        return 0;
    }
}
