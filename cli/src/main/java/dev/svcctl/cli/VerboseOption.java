package dev.svcctl.cli;

import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/** {@code --verbose}: details and stack traces on stderr; turns on logging, which is otherwise never loaded. */
final class VerboseOption {
    private static boolean on;

    private VerboseOption() {
    }

    /** The option, inherited by every subcommand; giving it turns logging on while picocli parses. */
    static OptionSpec spec() {
        Binding binding = new Binding();
        return OptionSpec.builder("-v", "--verbose").type(boolean.class).scopeType(ScopeType.INHERIT)
                .description("Show details and stack traces on errors.").getter(binding).setter(binding).build();
    }

    static boolean isOn() {
        return on;
    }

    private static void turnOn() {
        if (!on) {
            on = true;
            Logging.verbose();
        }
    }

    /** Holds the option's value like picocli's own binding, and turns logging on when it becomes true. */
    private static final class Binding implements IGetter, ISetter {
        private Object value;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            Object old = value;
            value = newValue;
            if (Boolean.TRUE.equals(newValue)) {
                turnOn();
            }
            return (T) old;
        }
    }
}
