package dev.svcctl.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

final class RunCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Options.command(this, "run",
                        "Host a program in the foreground under the svcctl supervisor: restarts with backoff, graceful"
                                + " stop that leaves no process behind, rotated file logs, health checks.",
                        "SIGTERM or SIGINT (Ctrl-C) stops it; SIGHUP sends the program reload.signal or runs"
                                + " reload.exec.",
                        "Exit 0 after a requested stop or a clean end, 1 when the program failed for good.")
                .addPositional(PositionalParamSpec.builder().paramLabel("FILE").arity("0..1").type(Path.class)
                        .description("Service spec file (YAML).").build())
                .addOption(Options.valued(String.class, "NAME", "Run an installed service by name (its spec in"
                        + " /etc/svcctl/services/NAME.yaml, or with --user in ~/.config/svcctl/services/NAME.yaml).",
                        "--name").build())
                .addOption(ScopeOption.spec())
                .addOption(Options.flag("Print one JSON document when the run ends (the service and svcctl's exit"
                        + " code), and failures to start as a JSON error object; see docs/json.md.", JsonOption.NAME));
    }

    @Override
    public int run(Invocation call) throws Exception {
        Path file = call.parameter(0);
        String name = call.option("--name");
        if ((file == null) == (name == null)) {
            throw new ParameterException(call.commandLine(), "give either a spec FILE or --name NAME");
        }
        SupervisedRun run = new SupervisedRun(file, name, ScopeOption.user(call));
        int code = run.call();
        if (JsonOption.isOn(call)) {
            Map<String, Object> document = Json.object();
            document.put("service", run.serviceName());
            document.put("exitCode", code);
            JsonOption.print(call, document);
        }
        return code;
    }
}
