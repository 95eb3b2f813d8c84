package dev.svcctl.cli;

import picocli.CommandLine;

/** The complete command model, for build-time generators of man pages and shell completion. */
public final class CommandModel {
    private CommandModel() {
    }

    public static CommandLine commandLine() {
        return Cli.commandLine();
    }
}
