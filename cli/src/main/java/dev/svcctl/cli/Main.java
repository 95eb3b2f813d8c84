package dev.svcctl.cli;

import picocli.CommandLine;

/** Entry point of the svcctl launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one svcctl invocation and answers its exit code; what tests call instead of {@link #main}. */
    public static int run(String... args) {
        CommandLine cli = Cli.forInvocation(args);
        return cli.execute(args);
    }

    /** The complete command model, for build-time generators of man pages and shell completion. */
    public static CommandLine commandModel() {
        return Cli.commandLine();
    }
}
