package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

final class StartCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "start", "Start installed services and wait until they run."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.backend().start(targets.names(), targets.user());
        targets.report("running");
        return 0;
    }
}
