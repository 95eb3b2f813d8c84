package dev.svcctl.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output for scripts. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;
}
