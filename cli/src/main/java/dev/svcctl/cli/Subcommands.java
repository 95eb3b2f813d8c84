package dev.svcctl.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Every svcctl subcommand, in the order the usage help lists them. To add a command, add one line here (and no
 * {@code subcommands} attribute on {@link SvcctlCommand}): building picocli's model of a command costs reflection
 * and annotation parsing, so {@link Cli} builds only the one that is invoked and the whole tree only for help.
 */
final class Subcommands {
    record Entry(String name, Class<?> type) {
    }

    static final List<Entry> ALL = List.of(
            new Entry("validate", ValidateCommand.class),
            new Entry("render", RenderCommand.class),
            new Entry("install", InstallCommand.class),
            new Entry("uninstall", UninstallCommand.class),
            new Entry("start", StartCommand.class),
            new Entry("stop", StopCommand.class),
            new Entry("restart", RestartCommand.class),
            new Entry("reload", ReloadCommand.class),
            new Entry("status", StatusCommand.class),
            new Entry("list", ListCommand.class),
            new Entry("logs", LogsCommand.class),
            new Entry("run", RunCommand.class),
            new Entry("host", HostCommand.class),
            new Entry("version", VersionCommand.class),
            new Entry("help", CommandLine.HelpCommand.class));

    private Subcommands() {
    }

    /** Registers every subcommand: for usage help, suggestions, man pages and completion. */
    static void addAll(CommandLine root) {
        for (Entry entry : ALL) {
            add(root, entry);
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
        for (Entry entry : ALL) {
            if (entry.name().equals(invoked) && !entry.name().equals("help")) {
                add(root, entry);
                return;
            }
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

    private static void add(CommandLine root, Entry entry) {
        root.addSubcommand(entry.name(), new CommandLine(entry.type(), root.getFactory()));
    }
}
