package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Host a program in the foreground under the svcctl supervisor.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Service spec file (YAML).")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "Run an installed service by name.")
    String name;

    @Override
    public Integer call() throws Exception {
        throw new BackendException(ExitCode.FAILED, "'run' is not available in this version of svcctl",
                "it comes in a later version; 'svcctl render' shows the unit for the host's init system");
    }
}
