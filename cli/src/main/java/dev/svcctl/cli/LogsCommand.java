package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.logs.LogStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class LogsCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "logs", "Show a service's output: its log files when it writes them (rotated"
                        + " ones included), else the journal.")
                .addPositional(PositionalParamSpec.builder().paramLabel("NAME").required(true).type(String.class)
                        .description("Service name.").build())
                .addOption(Options.valued(int.class, "N", "Show the last N lines.", "-n", "--lines").defaultValue("50")
                        .build())
                .addOption(Options.flag("Keep printing new lines, across log rotations, until Ctrl-C.", "-f",
                        "--follow"))
                .addOption(Options.flag("Show the program's stderr instead of its stdout (its own file; the journal"
                        + " cannot tell the two apart).", "--stderr"))
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec())
                .addOption(JsonOption.spec());
    }

    @Override
    public int run(Invocation call) throws Exception {
        int lines = call.option("--lines");
        if (lines < 0) {
            throw new BackendException(ExitCode.USAGE, "-n must not be negative", null);
        }
        String name = call.parameter(0);
        boolean follow = call.flag("--follow");
        LogStream stream = call.flag("--stderr") ? LogStream.STDERR : LogStream.STDOUT;
        var backend = BackendOption.selectForServices(call);
        if (JsonOption.isOn(call)) {
            JsonLogLines json = new JsonLogLines(call.out(), name, stream == LogStream.STDERR ? "stderr" : "stdout",
                    follow);
            backend.logs(name, stream, lines, follow, ScopeOption.user(call), json);
            json.finish();
            return 0;
        }
        call.out().flush();
        // Bytes as the program wrote them: the standard output as a byte stream, not the character writer picocli
        // prints to. Ctrl-C ends following as it ends any command (the JVM exits, 130): System.out flushes every
        // write, so what was read has been printed.
        backend.logs(name, stream, lines, follow, ScopeOption.user(call), System.out);
        return 0;
    }
}
