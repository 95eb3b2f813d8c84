package dev.svcctl.cli;

import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.WaitProgress;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and maps failures to one-line messages and documented exit codes. */
final class Cli {
    static {
        // Two things picocli does on every start that svcctl never needs: looking for Groovy's Closure class
        // (a search through every jar on the class path) and finding, by reflection, converters for the java.sql
        // and java.time types (no svcctl option has one). Each costs a short run milliseconds.
        setIfAbsent("picocli.disable.closures", "true");
        setIfAbsent("picocli.converters.excludes", "java\\.(sql|time)\\..*");
    }

    private Cli() {
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The whole command tree: for help, man pages and shell completion. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(Options.withHelpOptions(new SvcctlCommand().spec()));
        Subcommands.addAll(cli);
        return configured(cli);
    }

    /** The root command with only the subcommand that {@code args} invoke: what a normal run needs. */
    static CommandLine forInvocation(String... args) {
        CommandLine cli = new CommandLine(Options.withHelpOptions(new SvcctlCommand().spec()));
        Subcommands.addInvoked(cli, args);
        return configured(cli);
    }

    // picocli hands settings down only to subcommands that exist when they are set: configure after adding them.
    private static CommandLine configured(CommandLine cli) {
        Handlers handlers = new Handlers();
        cli.setExecutionExceptionHandler(handlers);
        cli.setParameterExceptionHandler(handlers);
        cli.setExitCodeExceptionMapper(handlers);
        cli.setExecutionStrategy(handlers);
        return cli;
    }

    /**
     * A class rather than lambdas: picocli's interfaces are Java 5 class files, which keeps lambdas implementing
     * them out of the CDS archive, and linking a lambda at run time costs a short run milliseconds each.
     */
    private static final class Handlers implements CommandLine.IExecutionStrategy,
            CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler,
            CommandLine.IExitCodeExceptionMapper {
        @Override
        public int execute(CommandLine.ParseResult parseResult) {
            return Cli.execute(parseResult);
        }

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

    /** Like picocli's default (help first, then the last subcommand) for commands that are {@link Subcommand}s. */
    private static int execute(CommandLine.ParseResult parseResult) {
        Integer helpExitCode = CommandLine.executeHelpRequest(parseResult);
        if (helpExitCode != null) {
            return helpExitCode;
        }
        CommandLine.ParseResult invoked = parseResult;
        while (invoked.hasSubcommand()) {
            invoked = invoked.subcommand();
        }
        CommandLine.Model.CommandSpec spec = invoked.commandSpec();
        if (!(spec.userObject() instanceof Subcommand command)) {
            return new CommandLine.RunLast().execute(parseResult); // picocli's own help command
        }
        // A progress line on long waits: for people on a terminal only, never in JSON or piped output.
        boolean progress = Terminal.interactive() && !JsonOption.isOn(spec);
        if (progress) {
            WaitProgress.listen(new ProgressLine(spec.commandLine().getOut()));
        }
        try {
            return command.run(new Invocation(spec));
        } catch (CommandLine.ParameterException | CommandLine.ExecutionException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "svcctl " + spec.name() + " failed", e);
        } finally {
            if (progress) {
                WaitProgress.listen(null);
            }
        }
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String hint = "'svcctl " + qualifiedName(cmd) + "--help' shows the usage";
        if (cmd.getCommandSpec().findOption(JsonOption.NAME) != null && List.of(args).contains(JsonOption.NAME)) {
            // The parse failed, so the option's value cannot be trusted: the argument list tells that JSON was asked.
            Map<String, Object> document = Json.object();
            document.put("error", Failures.usage(e.getMessage(), hint));
            Json.print(cmd.getOut(), document);
            return ExitCode.USAGE.code();
        }
        PrintWriter err = cmd.getErr();
        err.println("svcctl: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("(hint: " + hint + ")");
        return ExitCode.USAGE.code();
    }

    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        int space = name.indexOf(' ');
        return space < 0 ? "" : name.substring(space + 1) + " ";
    }

    private static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (JsonOption.isOn(cmd.getCommandSpec())) {
            return Failures.reportJson(e, cmd.getOut(), cmd.getErr());
        }
        return Failures.report(e, cmd.getErr());
    }
}
