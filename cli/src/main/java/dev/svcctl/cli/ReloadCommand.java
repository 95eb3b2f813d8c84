package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

final class ReloadCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "reload",
                "Reload services: send the spec's reload.signal or run its reload.exec."));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        targets.backend().reload(targets.names(), targets.user());
        targets.report("reload signal sent");
        return 0;
    }
}
