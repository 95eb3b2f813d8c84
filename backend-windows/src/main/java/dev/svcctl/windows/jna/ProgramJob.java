package dev.svcctl.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;

/** The KILL_ON_JOB_CLOSE job object that holds one started program and every process it starts. */
final class ProgramJob implements JobObject {
    private final WinNT.HANDLE handle;
    private boolean closed;

    ProgramJob(WinNT.HANDLE handle) {
        this.handle = handle;
    }

    @Override
    public synchronized int activeProcesses() {
        if (closed) {
            return 0;
        }
        Memory info = new Memory(SvcctlKernel32.JOB_ACCOUNTING_SIZE);
        if (!SvcctlKernel32.INSTANCE.QueryInformationJobObject(handle,
                SvcctlKernel32.JOB_OBJECT_BASIC_ACCOUNTING_INFORMATION_CLASS, info,
                SvcctlKernel32.JOB_ACCOUNTING_SIZE, Pointer.NULL)) {
            return 0;
        }
        return info.getInt(SvcctlKernel32.JOB_ACCOUNTING_ACTIVE_PROCESSES_OFFSET);
    }

    @Override
    public synchronized int terminate(int exitCode) {
        if (closed) {
            return 0;
        }
        int alive = activeProcesses();
        SvcctlKernel32.INSTANCE.TerminateJobObject(handle, exitCode);
        Kernel32.INSTANCE.CloseHandle(handle);
        closed = true;
        return alive;
    }

    synchronized boolean closed() {
        return closed;
    }
}
