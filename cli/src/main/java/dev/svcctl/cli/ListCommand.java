package dev.svcctl.cli;

import dev.svcctl.backend.ServiceStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List every service svcctl manages.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    BackendOption backendOption;

    @Mixin
    ScopeOption scope;

    @Mixin
    JsonOption jsonOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (ServiceStatus status : backendOption.select().list(scope.user)) {
            spec.commandLine().getOut().println(status.name() + "\t" + status.state().label());
        }
        return 0;
    }
}
