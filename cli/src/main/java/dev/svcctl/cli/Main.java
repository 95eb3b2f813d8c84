package dev.svcctl.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Entry point of the svcctl launcher. No method here may name a picocli type: the java launcher loads every type in
 * the main class's method signatures, and `svcctl run` keeps picocli out of its memory ({@link SupervisedRun}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SpecWarmup.startFor(args);
        System.exit(run(args));
    }

    /** Runs one svcctl invocation and answers its exit code. */
    public static int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Scripts ask this often; answering it needs none of picocli's model, which costs most of a short run.
            System.out.println(new VersionProvider().getVersion()[0]);
            return 0;
        }
        Optional<SupervisedRun> run = SupervisedRun.plainInvocation(args);
        if (run.isPresent()) {
            // The supervisor stays up as long as its service: keep picocli's model out of its memory.
            return run.get().execute();
        }
        return Cli.forInvocation(args).execute(args);
    }

    /** Runs one svcctl invocation with its output captured; what tests call instead of {@link #main}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = Cli.forInvocation(args);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
