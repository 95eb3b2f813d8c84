package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class LogsCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "logs", "Show a service's output.")
                .addPositional(PositionalParamSpec.builder().paramLabel("NAME").required(true).type(String.class)
                        .description("Service name.").build())
                .addOption(Options.valued(int.class, "N", "Show the last N lines.", "-n", "--lines").defaultValue("50")
                        .build())
                .addOption(Options.flag("Keep printing new lines.", "-f", "--follow"))
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        int lines = call.option("--lines");
        if (lines < 0) {
            throw new BackendException(ExitCode.USAGE, "-n must not be negative", null);
        }
        String name = call.parameter(0);
        BackendOption.selectForServices(call).logs(name, lines, call.flag("--follow"), ScopeOption.user(call));
        return 0;
    }
}
