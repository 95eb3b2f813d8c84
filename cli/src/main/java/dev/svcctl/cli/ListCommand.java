package dev.svcctl.cli;

import dev.svcctl.backend.ServiceStatus;
import java.util.List;
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
        List<ServiceStatus> statuses = backendOption.select().list(scope.user);
        var out = spec.commandLine().getOut();
        if (jsonOption.json) {
            StatusOutput.json(out, statuses);
        } else {
            for (ServiceStatus status : statuses) {
                out.println(status.name() + "  " + status.state().label() + (status.drift() ? "  (hand-edited)" : ""));
            }
        }
        out.flush();
        return 0;
    }
}
