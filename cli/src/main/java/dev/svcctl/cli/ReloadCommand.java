package dev.svcctl.cli;

import dev.svcctl.backend.ServiceActions;
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
        targets.act(ServiceActions.Action.RELOAD, "reload signal sent", "reload signal sent");
        return 0;
    }
}
