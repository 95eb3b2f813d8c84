package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

final class VersionCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "version", "Print svcctl's version.");
    }

    @Override
    public int run(Invocation call) {
        call.out().println("svcctl " + VersionProvider.version());
        return 0;
    }
}
