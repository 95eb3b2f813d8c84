package dev.svcctl.cli;

import dev.svcctl.backend.ServiceActions;
import picocli.CommandLine.Model.CommandSpec;

final class StartCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "start", "Start installed services and wait until they run."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.act(ServiceActions.Action.START, "running", "already running");
        return 0;
    }
}
