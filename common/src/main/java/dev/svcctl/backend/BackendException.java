package dev.svcctl.backend;

import java.util.Optional;

/** A failure a user can act on: printed as one line with its hint, and mapped to an exit code. */
public class BackendException extends Exception {
    private final ExitCode exitCode;
    private final String hint;

    public BackendException(ExitCode exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public BackendException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
