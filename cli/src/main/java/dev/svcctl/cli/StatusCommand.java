package dev.svcctl.cli;

import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the state of services.",
            "Exit 0 when all run, 3 when any is not running, 4 when any is not installed."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Service names (default: all managed ones).")
    List<String> names = List.of();

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
        var backend = backendOption.select();
        List<ServiceStatus> statuses = names.isEmpty() ? backend.list(scope.user) : backend.status(names, scope.user);
        var out = spec.commandLine().getOut();
        if (jsonOption.json) {
            StatusOutput.json(out, statuses);
        } else if (statuses.isEmpty()) {
            out.println("no services are managed by svcctl" + (scope.user ? " for this user" : ""));
        } else {
            StatusOutput.table(out, statuses, java.time.Instant.now());
        }
        out.flush();
        return exitCode(statuses).code();
    }

    static ExitCode exitCode(List<ServiceStatus> statuses) {
        if (statuses.stream().anyMatch(s -> s.state() == ServiceState.NOT_INSTALLED)) {
            return ExitCode.NOT_INSTALLED;
        }
        if (statuses.stream().anyMatch(s -> s.state() != ServiceState.RUNNING)) {
            return ExitCode.NOT_RUNNING;
        }
        return ExitCode.OK;
    }
}
