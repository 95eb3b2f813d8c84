package dev.svcctl.windows.jna;

import com.sun.jna.Native;
import dev.svcctl.windows.scm.ScmException;

/**
 * The Win32 error of the JNA call that just failed, as JNA captured it when that call returned
 * ({@link Native#getLastError}). Never a second native call to GetLastError: whatever JNA does in between (allocating
 * memory, converting strings, loading a class) may change the thread's last error.
 */
public final class LastError {
    private LastError() {
    }

    /** The error code JNA saved after the calling thread's last native call. */
    public static int code() {
        return Native.getLastError();
    }

    /** A ScmException for {@code call}, which has just failed, with its error code. */
    static ScmException scm(String call) {
        return new ScmException(code(), call);
    }
}
