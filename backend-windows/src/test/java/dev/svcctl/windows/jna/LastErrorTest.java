package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.svcctl.windows.scm.ScmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Finding 12 of issue #16: the error of a failed call must be the one JNA captured right after that call
 * (Native.getLastError), not a second native call to GetLastError, which JNA's own work in between (memory, string
 * conversion, class loading) may have changed. Checked on Linux, where JNA captures errno the same way it captures
 * GetLastError on Windows: a failing libc call, then the code JnaScm would report.
 */
@EnabledOnOs(OS.LINUX)
class LastErrorTest {
    /** EBADF: close(2) of a descriptor that is not open. */
    private static final int EBADF = 9;

    interface LibC extends Library {
        int close(int fd);
    }

    @Test
    void theCodeIsTheOneTheFailedCallLeftNotANewCalls() {
        LibC libc = Native.load("c", LibC.class);
        assertEquals(-1, libc.close(-1));
        ScmException e = LastError.scm("CloseHandle");
        assertEquals(EBADF, e.code());
        assertEquals("CloseHandle failed with Win32 error 9", e.getMessage());
    }
}
