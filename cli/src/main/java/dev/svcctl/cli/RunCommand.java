package dev.svcctl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Host a program in the foreground under the svcctl supervisor: restarts with backoff, graceful stop "
                    + "that leaves no process behind, rotated file logs, health checks.",
            "SIGTERM or SIGINT (Ctrl-C) stops it; SIGHUP sends the program reload.signal.",
            "Exit 0 after a requested stop or a clean end, 1 when the program failed for good."})
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Service spec file (YAML).")
    Path file;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Run an installed service by name (its spec in /etc/svcctl/services/NAME.yaml, or with"
                    + " --user in ~/.config/svcctl/services/NAME.yaml).")
    String name;

    @Mixin
    ScopeOption scope;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (name == null)) {
            throw new ParameterException(command.commandLine(), "give either a spec FILE or --name NAME");
        }
        return new SupervisedRun(file, name, scope.user).call(command.commandLine().getErr());
    }
}
