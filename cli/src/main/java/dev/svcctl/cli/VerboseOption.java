package dev.svcctl.cli;

import dev.svcctl.log.Log;
import picocli.CommandLine.Option;

/** {@code --verbose}: details and stack traces on stderr; turns on logging, which is otherwise never loaded. */
final class VerboseOption {
    private static boolean on;

    @Option(names = {"-v", "--verbose"}, description = "Show details and stack traces on errors.", scope =
            picocli.CommandLine.ScopeType.INHERIT)
    void setVerbose(boolean verbose) {
        if (verbose && !on) {
            on = true;
            VerboseLogging.configure();
            Log.enable();
        }
    }

    static boolean isOn() {
        return on;
    }
}
