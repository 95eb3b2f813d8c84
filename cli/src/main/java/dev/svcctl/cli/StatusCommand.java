package dev.svcctl.cli;

import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class StatusCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "status", "Show the state of services.",
                        "Exit 0 when all run, 3 when any is not running, 4 when any is not installed.")
                .addPositional(PositionalParamSpec.builder().paramLabel("NAME").arity("0..*").type(List.class)
                        .auxiliaryTypes(String.class).description("Service names (default: all managed ones).").build())
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec())
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        var backend = BackendOption.selectForServices(call);
        List<String> names = call.parameters(0);
        boolean user = ScopeOption.user(call);
        List<ServiceStatus> statuses = names.isEmpty() ? backend.list(user) : backend.status(names, user);
        var out = call.out();
        if (JsonOption.isOn(call)) {
            StatusOutput.json(out, statuses);
        } else if (statuses.isEmpty()) {
            out.println("no services are managed by svcctl" + (user ? " for this user" : ""));
        } else {
            StatusOutput.table(out, statuses, java.time.Instant.now(), Terminal.colors());
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
