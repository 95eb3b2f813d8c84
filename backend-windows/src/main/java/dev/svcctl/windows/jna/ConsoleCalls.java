package dev.svcctl.windows.jna;

import java.util.function.IntPredicate;

/**
 * The console calls {@link CtrlCDelivery} makes, as a port so the sequence is tested without Windows;
 * {@link JnaProgramControl} binds them to kernel32.
 */
interface ConsoleCalls {
    /** AttachConsole's pid for the parent's console. */
    int ATTACH_PARENT_PROCESS = -1;

    /** Whether this process has a console (GetConsoleWindow). */
    boolean hasConsole();

    /** FreeConsole. */
    void freeConsole();

    /** AttachConsole(pid). */
    boolean attachConsole(int pid);

    /** GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0): every process attached to this console, this one included. */
    boolean generateCtrlC();

    /** SetConsoleCtrlHandler(handler, TRUE): called first from now on, with the event's type; true = handled. */
    void addHandler(IntPredicate handler);

    /** SetConsoleCtrlHandler(handler, FALSE). */
    void removeHandler(IntPredicate handler);
}
