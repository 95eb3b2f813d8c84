package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

final class RestartCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "restart", "Restart services."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.backend().restart(targets.names(), targets.user());
        targets.report("restarted");
        return 0;
    }
}
