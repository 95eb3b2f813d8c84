package dev.svcctl.cli;

import java.nio.file.Path;
import java.util.List;
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
                        "Exit 0 after a requested stop or a clean end, 1 when the program failed for good; with"
                                + " several FILEs, once every service has ended: 0 when each ended so, else 1.")
                .addPositional(PositionalParamSpec.builder().paramLabel("FILE").arity("0..*").type(List.class)
                        .auxiliaryTypes(Path.class)
                        .description("Service spec file (YAML). Several: one process hosts them all, each with its"
                                + " own lock, state, restarts and logs; 'svcctl stop NAME' stops one, SIGTERM all;"
                                + " a file that cannot run starts none.").build())
                .addOption(Options.valued(String.class, "NAME", "Run an installed service by name (its spec in"
                        + " /etc/svcctl/services/NAME.yaml, or with --user in ~/.config/svcctl/services/NAME.yaml).",
                        "--name").build())
                .addOption(ScopeOption.spec())
                .addOption(Options.flag("Print one JSON document when the run ends (the service and svcctl's exit"
                        + " code), and failures to start as a JSON error object; see docs/json.md.", JsonOption.NAME));
    }

    @Override
    public int run(Invocation call) throws Exception {
        List<Path> files = call.parameters(0);
        String name = call.option("--name");
        if (files.isEmpty() == (name == null)) {
            throw new ParameterException(call.commandLine(), "give either spec FILEs or --name NAME");
        }
        SupervisedRun run = new SupervisedRun(files, name, ScopeOption.user(call));
        int code = run.call();
        if (JsonOption.isOn(call)) {
            Map<String, Object> document = Json.object();
            if (files.size() > 1) {
                List<Map<String, Object>> services = new java.util.ArrayList<>();
                run.outcomes().forEach((service, exit) -> {
                    Map<String, Object> one = new java.util.LinkedHashMap<>();
                    one.put("service", service);
                    one.put("exitCode", exit);
                    services.add(one);
                });
                document.put("services", services);
            } else {
                document.put("service", run.serviceName());
            }
            document.put("exitCode", code);
            JsonOption.print(call, document);
        }
        return code;
    }
}
