package dev.svcctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the svcctl launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one svcctl invocation and answers its exit code. */
    public static int run(String... args) {
        return Cli.commandLine().execute(args);
    }

    /** Runs one svcctl invocation with its output captured; what tests call instead of {@link #main}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = Cli.commandLine();
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
