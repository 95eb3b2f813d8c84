package dev.svcctl.windows.tasks;

/**
 * A Task Scheduler call failed. {@code code} is the Win32 error (or the HRESULT for SCHED_E_ codes) when known, else
 * {@link #UNKNOWN}; the message says what the tool printed.
 */
public final class TaskException extends Exception {
    public static final int UNKNOWN = -1;
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_ALREADY_EXISTS = 183;
    /** SCHED_E_TASK_DISABLED: IRegisteredTask::Run on a disabled task. */
    public static final int SCHED_E_TASK_DISABLED = 0x80041326;

    private final int code;

    public TaskException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
