package dev.svcctl.cli;

import dev.svcctl.backend.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the picocli command tree and maps failures to one-line messages and documented exit codes. */
final class Cli {
    private Cli() {
    }

    /** The whole command tree: for help, man pages and shell completion. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SvcctlCommand());
        Subcommands.addAll(cli);
        return configured(cli);
    }

    /** The root command with only the subcommand that {@code args} invoke: what a normal run needs. */
    static CommandLine forInvocation(String... args) {
        CommandLine cli = new CommandLine(new SvcctlCommand());
        Subcommands.addInvoked(cli, args);
        return configured(cli);
    }

    // picocli hands settings down only to subcommands that exist when they are set: configure after adding them.
    private static CommandLine configured(CommandLine cli) {
        Handlers handlers = new Handlers();
        cli.setExecutionExceptionHandler(handlers);
        cli.setParameterExceptionHandler(handlers);
        cli.setExitCodeExceptionMapper(handlers);
        return cli;
    }

    /**
     * A class rather than lambdas: picocli's interfaces are Java 5 class files, which keeps lambdas implementing
     * them out of the CDS archive, and linking a lambda at run time costs a short run milliseconds each.
     */
    private static final class Handlers implements CommandLine.IExecutionExceptionHandler,
            CommandLine.IParameterExceptionHandler, CommandLine.IExitCodeExceptionMapper {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
            return Cli.handleExecutionException(e, cmd, parseResult);
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            return Cli.handleParameterException(e, args);
        }

        @Override
        public int getExitCode(Throwable exception) {
            return ExitCode.FAILED.code();
        }
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("svcctl: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("(hint: 'svcctl " + qualifiedName(e.getCommandLine()) + "--help' shows the usage)");
        return ExitCode.USAGE.code();
    }

    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        int space = name.indexOf(' ');
        return space < 0 ? "" : name.substring(space + 1) + " ";
    }

    private static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        return Failures.report(e, cmd.getErr());
    }
}
