package dev.svcctl.cli;

import dev.svcctl.backend.ServiceActions;
import picocli.CommandLine.Model.CommandSpec;

final class RestartCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "restart", "Restart services."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.act(ServiceActions.Action.RESTART, "restarted", "restarted");
        return 0;
    }
}
