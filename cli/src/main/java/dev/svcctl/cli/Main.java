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
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Scripts ask this often; answering it needs none of picocli's model, which costs most of a short run.
            System.out.println(new VersionProvider().getVersion()[0]);
            return 0;
        }
        CommandLine cli = Cli.forInvocation(args);
        return cli.execute(args);
    }

    /** The complete command model, for build-time generators of man pages and shell completion. */
    public static CommandLine commandModel() {
        return Cli.commandLine();
    }
}
