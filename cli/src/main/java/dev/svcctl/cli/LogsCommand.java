package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show a service's output.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Service name.")
    String name;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "Show the last N lines.")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
    boolean follow;

    @Mixin
    BackendOption backendOption;

    @Mixin
    ScopeOption scope;

    @Override
    public Integer call() throws Exception {
        if (lines < 0) {
            throw new BackendException(ExitCode.USAGE, "-n must not be negative", null);
        }
        backendOption.select().logs(name, lines, follow, scope.user);
        return 0;
    }
}
