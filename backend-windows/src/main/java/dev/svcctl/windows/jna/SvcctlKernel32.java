package dev.svcctl.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** The kernel32 calls for the service host that jna-platform lacks: job objects and the console control handler. */
public interface SvcctlKernel32 extends StdCallLibrary {
    SvcctlKernel32 INSTANCE = Native.load("kernel32", SvcctlKernel32.class, W32APIOptions.UNICODE_OPTIONS);

    int JOB_OBJECT_BASIC_ACCOUNTING_INFORMATION_CLASS = 1;
    int JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9;
    int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
    int JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x8;
    int JOB_OBJECT_LIMIT_JOB_MEMORY = 0x200;
    /** JOBOBJECT_BASIC_ACCOUNTING_INFORMATION: four LARGE_INTEGER times, then four DWORD counters. */
    int JOB_ACCOUNTING_SIZE = 48;
    int JOB_ACCOUNTING_ACTIVE_PROCESSES_OFFSET = 40;
    int CTRL_C_EVENT = 0;
    int CTRL_BREAK_EVENT = 1;
    int CTRL_CLOSE_EVENT = 2;
    int CREATE_SUSPENDED = 0x4;
    int CREATE_NEW_CONSOLE = 0x10;
    int CREATE_UNICODE_ENVIRONMENT = 0x400;
    int ATTACH_PARENT_PROCESS = -1;

    /** A console control handler (PHANDLER_ROUTINE); answers whether it handled the event. */
    interface HandlerRoutine extends StdCallCallback {
        boolean callback(int ctrlType);
    }

    WinNT.HANDLE CreateJobObjectW(Pointer securityAttributes, String name);

    boolean SetInformationJobObject(WinNT.HANDLE job, int infoClass, Structure info, int length);

    boolean QueryInformationJobObject(WinNT.HANDLE job, int infoClass, Pointer info, int length, Pointer returned);

    boolean AssignProcessToJobObject(WinNT.HANDLE job, WinNT.HANDLE process);

    boolean TerminateJobObject(WinNT.HANDLE job, int exitCode);

    int ResumeThread(WinNT.HANDLE thread);

    /** With a null routine, {@code add} true makes this process ignore Ctrl-C, false restores it. */
    boolean SetConsoleCtrlHandler(Pointer routine, boolean add);

    boolean SetConsoleCtrlHandler(HandlerRoutine routine, boolean add);
}
