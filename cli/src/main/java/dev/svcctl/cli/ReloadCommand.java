package dev.svcctl.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reload", mixinStandardHelpOptions = true, description = "Send the spec's reload signal to services.")
final class ReloadCommand implements Callable<Integer> {
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
        backendOption.select().reload(names, scope.user);
        for (String name : names) {
            spec.commandLine().getOut().println(name + ": reload signal sent");
        }
        return 0;
    }
}
