package dev.svcctl.cli;

import picocli.CommandLine.Model.OptionSpec;

/** {@code --json}: machine-readable output for scripts. */
final class JsonOption {
    static final String NAME = "--json";

    private JsonOption() {
    }

    static OptionSpec spec() {
        return Options.flag("Print JSON for scripts instead of text.", NAME);
    }

    static boolean isOn(Invocation call) {
        return call.flag(NAME);
    }
}
