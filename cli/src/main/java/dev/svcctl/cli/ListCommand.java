package dev.svcctl.cli;

import dev.svcctl.backend.ServiceStatus;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

final class ListCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "list", "List every service svcctl manages.")
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec())
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        List<ServiceStatus> statuses = BackendOption.selectForServices(call).list(ScopeOption.user(call));
        var out = call.out();
        if (JsonOption.isOn(call)) {
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
