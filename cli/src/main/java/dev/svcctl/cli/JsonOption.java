package dev.svcctl.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --json}: machine-readable output for scripts. A command opts in with {@code .addOption(JsonOption.spec())}
 * in its model and prints its result with {@link #print}; its failures are then printed as a JSON error object on
 * standard output ({@link Failures#reportJson}) without more code. docs/json.md documents each command's document.
 */
final class JsonOption {
    static final String NAME = "--json";

    private JsonOption() {
    }

    static OptionSpec spec() {
        return Options.flag("Print JSON for scripts instead of text (see docs/json.md); errors too, on stdout.",
                NAME);
    }

    static boolean isOn(Invocation call) {
        return call.flag(NAME);
    }

    /** Whether the command {@code spec} has {@code --json} and it was given: its failures are printed as JSON. */
    static boolean isOn(CommandSpec spec) {
        OptionSpec option = spec.findOption(NAME);
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    /** Prints the command's result document: {@code {"version": 1, ...fields}}. */
    static void print(Invocation call, Map<String, ?> fields) {
        Json.print(call.out(), fields);
    }
}
