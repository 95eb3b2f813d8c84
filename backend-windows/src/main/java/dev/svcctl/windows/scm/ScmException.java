package dev.svcctl.windows.scm;

/** A failed SCM call and its Win32 error code. */
public final class ScmException extends Exception {
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_INVALID_LEVEL = 124;
    public static final int ERROR_SERVICE_REQUEST_TIMEOUT = 1053;
    public static final int ERROR_SERVICE_ALREADY_RUNNING = 1056;
    public static final int ERROR_SERVICE_DISABLED = 1058;
    public static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
    public static final int ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;
    public static final int ERROR_SERVICE_NOT_ACTIVE = 1062;
    public static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
    /** StartService of a shared service whose group's host process runs without it in its dispatcher table. */
    public static final int ERROR_SERVICE_NOT_IN_EXE = 1083;
    public static final int ERROR_SERVICE_EXISTS = 1073;
    public static final int ERROR_PRIVILEGE_NOT_HELD = 1314;

    private final int code;

    public ScmException(int code, String call) {
        super(call + " failed with Win32 error " + code);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
