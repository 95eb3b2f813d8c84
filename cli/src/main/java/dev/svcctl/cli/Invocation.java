package dev.svcctl.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A subcommand's parsed invocation: the values of its options and parameters, and where it prints. */
final class Invocation {
    private final CommandSpec spec;

    Invocation(CommandSpec spec) {
        this.spec = spec;
    }

    /** The value of the option named {@code name}: the parsed one, else its default, else null. */
    <T> T option(String name) {
        return spec.findOption(name).getValue();
    }

    /** Whether the boolean option named {@code name} was given. */
    boolean flag(String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    /** The value of the positional parameter at {@code index}, or null when absent. */
    <T> T parameter(int index) {
        return spec.positionalParameters().get(index).getValue();
    }

    /** The values of a multi-valued positional parameter; empty when none were given. */
    <T> List<T> parameters(int index) {
        List<T> values = parameter(index);
        return values == null ? List.of() : values;
    }

    CommandLine commandLine() {
        return spec.commandLine();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
