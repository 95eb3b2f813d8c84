package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.SpecError;
import java.io.PrintWriter;

/** How a command's failure is shown (one line with a hint, spec errors one per line) and which exit code it gets. */
final class Failures {
    private Failures() {
    }

    static int report(Exception e, PrintWriter err) {
        if (e instanceof InvalidSpecException invalid) {
            for (SpecError error : invalid.errors()) {
                err.println(error.format());
            }
            return ExitCode.INVALID_SPEC.code();
        }
        if (e instanceof BackendException failure) {
            err.println("svcctl: " + failure.getMessage() + failure.hint().map(h -> " (hint: " + h + ")").orElse(""));
            if (VerboseOption.isOn()) {
                e.printStackTrace(err);
            }
            return failure.exitCode().code();
        }
        err.println("svcctl: internal error: " + e);
        if (VerboseOption.isOn()) {
            e.printStackTrace(err);
        } else {
            err.println("(hint: run again with --verbose for details, and report it as a bug)");
        }
        return ExitCode.FAILED.code();
    }
}
