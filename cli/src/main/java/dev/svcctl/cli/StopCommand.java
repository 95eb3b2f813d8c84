package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

final class StopCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "stop", "Stop services and wait until they are down."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.backend().stop(targets.names(), targets.user());
        targets.report("stopped");
        return 0;
    }
}
