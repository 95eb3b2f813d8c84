package dev.svcctl.cli;

import dev.svcctl.backend.ServiceActions;
import picocli.CommandLine.Model.CommandSpec;

final class StopCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "stop", "Stop services and wait until they are down."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.act(ServiceActions.Action.STOP, "stopped", "already stopped");
        return 0;
    }
}
