package dev.svcctl.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import dev.svcctl.windows.JobLimits;
import dev.svcctl.windows.WindowsEnvironmentBlock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * How the service host starts and stops the program on Windows, with the calls ConsoleStopWineTest checks in C on
 * Wine: CreateProcessW with the command line svcctl built (unchanged, unlike ProcessBuilder), in its own hidden
 * console, suspended until it is in a KILL_ON_JOB_CLOSE job; Ctrl-C through that console only ({@link CtrlCDelivery});
 * the job ends the whole tree. Compiled here, run only on Windows.
 */
public final class JnaProgramControl {
    private static final Kernel32 KERNEL = Kernel32.INSTANCE;
    private static final SvcctlKernel32 JOBS = SvcctlKernel32.INSTANCE;

    /** A running program and the job that holds its tree. */
    public record Started(int pid, WinNT.HANDLE process, WinNT.HANDLE job) {
    }

    /** The program's standard handles (inheritable); null for none at all (the console's own). */
    public record StdHandles(WinNT.HANDLE input, WinNT.HANDLE output, WinNT.HANDLE error) {
    }

    private JnaProgramControl() {
    }

    public static Started start(String commandLine, String workingDirectory, Map<String, String> environment) {
        return start(commandLine, workingDirectory, environment, null, JobLimits.NONE);
    }

    /**
     * Starts the program suspended, in its priority class, in a new job with {@code jobLimits} (KILL_ON_JOB_CLOSE
     * always; the spec's memory, process and CPU rate limits, {@link ProgramJobLimits}), then lets it run.
     */
    public static Started start(String commandLine, String workingDirectory, Map<String, String> environment,
                                StdHandles handles, JobLimits jobLimits) {
        WinNT.HANDLE job = JOBS.CreateJobObjectW(null, null);
        if (job == null) {
            throw new IllegalStateException("CreateJobObject failed: " + LastError.code());
        }
        ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = ProgramJobLimits.extended(jobLimits);
        limits.write();
        if (!JOBS.SetInformationJobObject(job, SvcctlKernel32.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, limits,
                limits.size())) {
            int error = LastError.code();
            KERNEL.CloseHandle(job);
            throw new IllegalStateException("SetInformationJobObject(limits) failed: " + error);
        }
        var cpu = ProgramJobLimits.cpuRate(jobLimits, Runtime.getRuntime().availableProcessors());
        if (cpu.isPresent()) {
            cpu.get().write();
            if (!JOBS.SetInformationJobObject(job, ProgramJobLimits.CPU_RATE_CONTROL_INFORMATION_CLASS, cpu.get(),
                    cpu.get().size())) {
                int error = LastError.code();
                KERNEL.CloseHandle(job);
                throw new IllegalStateException("SetInformationJobObject(CPU rate) failed: " + error);
            }
        }
        char[] line = (commandLine + '\0').toCharArray();
        char[] block = WindowsEnvironmentBlock.of(environment);
        Memory env = new Memory(block.length * 2L);
        env.write(0, block, 0, block.length);
        WinBase.STARTUPINFO startup = new WinBase.STARTUPINFO();
        startup.dwFlags = WinBase.STARTF_USESHOWWINDOW;
        startup.wShowWindow = new WinDef.WORD(0);
        if (handles != null) {
            startup.dwFlags |= WinBase.STARTF_USESTDHANDLES;
            startup.hStdInput = handles.input();
            startup.hStdOutput = handles.output();
            startup.hStdError = handles.error();
        }
        WinBase.PROCESS_INFORMATION process = new WinBase.PROCESS_INFORMATION();
        int flags = SvcctlKernel32.CREATE_NEW_CONSOLE | SvcctlKernel32.CREATE_SUSPENDED
                | SvcctlKernel32.CREATE_UNICODE_ENVIRONMENT | jobLimits.creationFlags();
        if (!KERNEL.CreateProcessW(null, line, null, null, handles != null, new WinDef.DWORD(flags), env,
                workingDirectory, startup, process)) {
            int error = LastError.code();
            KERNEL.CloseHandle(job);
            throw new IllegalStateException("CreateProcess failed: " + error);
        }
        if (!JOBS.AssignProcessToJobObject(job, process.hProcess)) {
            int error = LastError.code();
            KERNEL.TerminateProcess(process.hProcess, 1);
            KERNEL.CloseHandle(process.hThread);
            KERNEL.CloseHandle(process.hProcess);
            KERNEL.CloseHandle(job);
            throw new IllegalStateException("AssignProcessToJobObject failed: " + error);
        }
        JOBS.ResumeThread(process.hThread);
        KERNEL.CloseHandle(process.hThread);
        return new Started(process.dwProcessId.intValue(), process.hProcess, job);
    }

    /** Ctrl-C to the program's own console only, as {@link CtrlCDelivery} sends it. */
    public static boolean sendCtrlC(int pid) {
        return CTRL_C.send(pid);
    }

    private static final CtrlCDelivery CTRL_C = new CtrlCDelivery(new Kernel32Console());

    /** {@link ConsoleCalls} through kernel32; holds each registered handler's callback while Windows may call it. */
    private static final class Kernel32Console implements ConsoleCalls {
        private final Map<IntPredicate, SvcctlKernel32.HandlerRoutine> routines = new ConcurrentHashMap<>();

        @Override
        public boolean hasConsole() {
            return KERNEL.GetConsoleWindow() != null;
        }

        @Override
        public void freeConsole() {
            KERNEL.FreeConsole();
        }

        @Override
        public boolean attachConsole(int pid) {
            return KERNEL.AttachConsole(pid);
        }

        @Override
        public boolean generateCtrlC() {
            return KERNEL.GenerateConsoleCtrlEvent(SvcctlKernel32.CTRL_C_EVENT, 0);
        }

        @Override
        public void addHandler(IntPredicate handler) {
            SvcctlKernel32.HandlerRoutine routine = handler::test;
            routines.put(handler, routine); // a strong reference while Windows may call it (JNA issue #62)
            JOBS.SetConsoleCtrlHandler(routine, true);
        }

        @Override
        public void removeHandler(IntPredicate handler) {
            SvcctlKernel32.HandlerRoutine routine = routines.remove(handler);
            if (routine != null) {
                JOBS.SetConsoleCtrlHandler(routine, false);
            }
        }
    }

    /**
     * WM_CLOSE to every top-level window of process {@code pid} (EnumWindows, GetWindowThreadProcessId, PostMessage),
     * as NSSM's second stop method does; answers how many windows it was posted to.
     */
    public static int postCloseToWindows(int pid) {
        int[] posted = {0};
        com.sun.jna.platform.win32.User32.INSTANCE.EnumWindows((window, data) -> {
            com.sun.jna.ptr.IntByReference owner = new com.sun.jna.ptr.IntByReference();
            com.sun.jna.platform.win32.User32.INSTANCE.GetWindowThreadProcessId(window, owner);
            if (owner.getValue() == pid) {
                com.sun.jna.platform.win32.User32.INSTANCE.PostMessage(window,
                        com.sun.jna.platform.win32.WinUser.WM_CLOSE, null, null);
                posted[0]++;
            }
            return true;
        }, null);
        return posted[0];
    }

    /** Ends every process of the program's tree and releases the job. */
    public static void killTree(Started started, int exitCode) {
        JOBS.TerminateJobObject(started.job(), exitCode);
        KERNEL.CloseHandle(started.job());
        KERNEL.CloseHandle(started.process());
    }
}
