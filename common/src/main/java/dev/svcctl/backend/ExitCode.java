package dev.svcctl.backend;

/** The CLI's documented exit codes (see the README). */
public enum ExitCode {
    OK(0), FAILED(1), USAGE(2), NOT_RUNNING(3), NOT_INSTALLED(4), INVALID_SPEC(65), NO_INPUT(66), UNAVAILABLE(69),
    PERMISSION_DENIED(77);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
