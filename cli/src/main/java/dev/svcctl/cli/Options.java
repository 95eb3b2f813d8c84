package dev.svcctl.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Builds the parts of picocli models that several commands share: the command itself and its help options. */
final class Options {
    private Options() {
    }

    /** A command named {@code name} run by {@code command}; {@link #withHelpOptions} completes it. */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        return spec;
    }

    /** Adds {@code -h, --help} and {@code -V, --version} after the command's own options, as every command has. */
    static CommandSpec withHelpOptions(CommandSpec spec) {
        return spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                        .description("Show this help message and exit.").build())
                .addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                        .description("Print version information and exit.").build());
    }

    /** An option that takes no value: true when given. */
    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description).build();
    }

    /** An option that takes one value of {@code type}, shown as {@code label}. */
    static OptionSpec.Builder valued(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description);
    }

    /** {@code FILE...}: one or more service spec files. */
    static PositionalParamSpec specFiles() {
        return PositionalParamSpec.builder().paramLabel("FILE").arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(Path.class).description("Service spec files (YAML); - reads one from standard input.").build();
    }
}
