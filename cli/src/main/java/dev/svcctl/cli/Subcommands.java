package dev.svcctl.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Every svcctl subcommand, in the order the usage help lists them. To add a command, add its name to {@link #NAMES}
 * and a case to {@link #create}. Building a model costs start-up time, so {@link Cli} builds only the one that is
 * invoked and the whole tree only for help and mistakes.
 */
final class Subcommands {
    static final List<String> NAMES = List.of("validate", "render", "install", "uninstall", "start", "stop",
            "restart", "reload", "enable", "disable", "status", "list", "cat", "logs", "schema", "serve", "import", "run",
            "host", "wait-ready", "version", "help");

    private Subcommands() {
    }

    /** The command named {@code name}, or null for {@code help} (picocli's own) and for unknown names. */
    static Subcommand create(String name) {
        // A switch rather than a map of constructor references: each lambda linked at run time costs start-up.
        return switch (name) {
            case "validate" -> new ValidateCommand();
            case "render" -> new RenderCommand();
            case "install" -> new InstallCommand();
            case "uninstall" -> new UninstallCommand();
            case "start" -> new StartCommand();
            case "stop" -> new StopCommand();
            case "restart" -> new RestartCommand();
            case "reload" -> new ReloadCommand();
            case "enable" -> new EnableCommand(true);
            case "disable" -> new EnableCommand(false);
            case "status" -> new StatusCommand();
            case "list" -> new ListCommand();
            case "cat" -> new CatCommand();
            case "logs" -> new LogsCommand();
            case "serve" -> new ServeCommand();
            case "import" -> new ImportCommand();
            case "schema" -> new SchemaCommand();
            case "run" -> new RunCommand();
            case "host" -> new HostCommand();
            case "wait-ready" -> new WaitReadyCommand();
            case "version" -> new VersionCommand();
            default -> null;
        };
    }

    /** Registers every subcommand: for usage help, suggestions, man pages and completion. */
    static void addAll(CommandLine root) {
        for (String name : NAMES) {
            add(root, name);
        }
    }

    /**
     * Registers only what {@code args} invoke: the named subcommand, none for {@code svcctl --version}, and all of
     * them whenever the usage help or a "did you mean" suggestion may need their names.
     */
    static void addInvoked(CommandLine root, String... args) {
        String invoked = null;
        for (String arg : args) {
            if (arg.startsWith("@") || arg.equals("--")) {
                addAll(root); // argument files and positional top-level arguments: let picocli see everything
                return;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                break;
            }
            if (!arg.startsWith("-")) {
                invoked = arg;
                break;
            }
        }
        if (invoked == null) {
            if (args.length > 0 && !helpRequested(args)) {
                return;
            }
            addAll(root);
            return;
        }
        if (create(invoked) != null) {
            add(root, invoked);
            return;
        }
        addAll(root);
    }

    private static boolean helpRequested(String... args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    private static void add(CommandLine root, String name) {
        Subcommand command = create(name);
        if (command == null) {
            root.addSubcommand(name, new CommandLine(new CommandLine.HelpCommand(), root.getFactory()));
        } else {
            root.addSubcommand(name, new CommandLine(Options.withHelpOptions(command.spec()), root.getFactory()));
        }
    }
}
