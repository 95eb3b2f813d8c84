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
            boolean color = Terminal.colors();
            for (ServiceStatus status : statuses) {
                String state = status.state().label();
                out.println(status.name() + "  " + (color ? Terminal.colored(status.state(), state) : state)
                        + (status.drift() ? "  (hand-edited)" : ""));
            }
        }
        out.flush();
        return 0;
    }
}
