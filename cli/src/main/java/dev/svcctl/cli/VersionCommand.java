package dev.svcctl.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

final class VersionCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "version", "Print svcctl's version.")
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) {
        if (JsonOption.isOn(call)) {
            JsonOption.print(call, Map.of("svcctl", VersionProvider.version()));
            return 0;
        }
        call.out().println("svcctl " + VersionProvider.version());
        return 0;
    }
}
