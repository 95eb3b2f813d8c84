package dev.svcctl.windows.jna;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import dev.svcctl.spec.Signal;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.JobLimits;
import dev.svcctl.windows.ProgramLookup;
import dev.svcctl.windows.WindowsCommandLine;
import dev.svcctl.windows.host.ProgramStdio;
import dev.svcctl.windows.host.StopDelivery;
import dev.svcctl.windows.host.StopPlan;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervisor's {@link ProcessPort} on Windows (found by {@code ProcessPorts} through ServiceLoader).
 *
 * <ul>
 *   <li>start: CreateProcessW with {@link WindowsCommandLine#of} the builder's argv, which is exactly the
 *       registration's {@code programCommandLine} (the JDK would re-quote it its own way), a bare program name
 *       first resolved on the builder environment's PATH and PATHEXT ({@link ProgramLookup}); the environment block and
 *       directory of the builder; its own hidden console; suspended until it is in a KILL_ON_JOB_CLOSE job; stdout
 *       and stderr through anonymous pipes, NUL, the host's handles or files, as the supervisor asks.</li>
 *   <li>signal: TERM/INT = Ctrl-C through the program's own console only, or the spec's
 *       {@code platform.windows.stopMethods} in order within stop.timeout ({@link StopPlan}); KILL = terminate its
 *       job.</li>
 *   <li>every program runs in a job with the spec's limits and priority class ({@link JobLimits}; from
 *       {@link #forService}).</li>
 *   <li>killDescendants: terminate every job (the whole tree of each program, including processes whose parent
 *       ended), so {@code keepOrphans} holds without any re-parenting; and nothing to reap: Windows has no
 *       zombies (a process handle is all that is left of an ended process, and the waiter closes it).</li>
 *   <li>no FIFOs: file logs come through the pipes.</li>
 * </ul>
 *
 * Construction loads nothing; JNA is loaded on first use.
 */
public final class WindowsProcessPort implements ProcessPort {
    private static final int DUPLICATE_SAME_ACCESS = 2;
    private final RunJobs jobs = new RunJobs();
    /**
     * One start at a time in the whole JVM: CreateProcessW with bInheritHandles=TRUE hands the new program every
     * inheritable handle of this process, so the pipe and log ends made for one start must not exist while another
     * start runs. It is static because a shared host ({@code svcctl host --group}) makes one port per service
     * ({@link #forService}), and two of its services may start at the same moment.
     */
    private static final Object START_LOCK = new Object();
    private final List<SvcctlKernel32.HandlerRoutine> handlers = new ArrayList<>();
    private final JobLimits limits;
    private final StopPlan stopPlan;
    private final StopPlan.Sequence stops;

    /** Today's behaviour: no limits, Ctrl-C for TERM/INT (what ServiceLoader creates before a spec is known). */
    public WindowsProcessPort() {
        this(JobLimits.NONE, StopPlan.DEFAULT);
    }

    /** With the job limits and stop methods of one service. */
    public WindowsProcessPort(JobLimits limits, StopPlan stopPlan) {
        this.limits = limits;
        this.stopPlan = stopPlan;
        this.stops = new StopPlan.Sequence(new StopPlan.Methods() {
            @Override
            public void ctrlC(long pid) {
                JnaProgramControl.sendCtrlC((int) pid); // false: the program has gone, or has no console
            }

            @Override
            public int wmClose(long pid) {
                return JnaProgramControl.postCloseToWindows((int) pid);
            }

            @Override
            public void terminate(long pid) {
                jobs.kill(pid);
            }
        }, WindowsProcessPort::schedule, pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** The lock every start takes (for tests: one per JVM, not one per port). */
    Object startLock() {
        return START_LOCK;
    }

    @Override
    public ProcessPort forService(ServiceSpec spec) {
        return new WindowsProcessPort(JobLimits.of(spec), StopPlan.of(spec));
    }

    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "svcctl-stop-methods");
                t.setDaemon(true);
                return t;
            });

    private static Runnable schedule(Runnable task, java.time.Duration delay) {
        var future = TIMER.schedule(task, delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public boolean keepOrphans() {
        return true;
    }

    @Override
    public Process start(ProcessBuilder builder) throws IOException {
        String commandLine = ProgramLookup.commandLine(builder.command(), builder.environment(),
                path -> new File(path).isFile());
        ProgramStdio stdio = ProgramStdio.of(builder);
        String directory = builder.directory() == null ? null : builder.directory().getPath();
        synchronized (START_LOCK) {
            List<WinNT.HANDLE> childEnds = new ArrayList<>();
            List<WinNT.HANDLE> ourEnds = new ArrayList<>();
            try {
                WinNT.HANDLE input = openNul(childEnds);
                WinNT.HANDLE[] stdoutPipe = new WinNT.HANDLE[1];
                WinNT.HANDLE output = open(stdio.output(), Kernel32.STD_OUTPUT_HANDLE, null, stdoutPipe, childEnds, ourEnds);
                WinNT.HANDLE[] stderrPipe = new WinNT.HANDLE[1];
                WinNT.HANDLE error = open(stdio.error(), Kernel32.STD_ERROR_HANDLE, output, stderrPipe, childEnds, ourEnds);
                JnaProgramControl.Started started;
                try {
                    started = JnaProgramControl.start(commandLine, directory, builder.environment(),
                            new JnaProgramControl.StdHandles(input, output, error), limits);
                } catch (IllegalStateException e) {
                    throw new IOException(e.getMessage() + " for " + commandLine, e);
                }
                ProgramJob job = new ProgramJob(started.job());
                ourEnds.clear();
                Win32Process process = Win32Process.waitingOn(started.pid(), started.process(), job,
                        stream(stdoutPipe[0]), stream(stderrPipe[0]));
                jobs.add(started.pid(), job, process.onExit());
                return process;
            } finally {
                childEnds.forEach(Kernel32.INSTANCE::CloseHandle);
                ourEnds.forEach(Kernel32.INSTANCE::CloseHandle);
            }
        }
    }

    private static InputStream stream(WinNT.HANDLE readEnd) {
        return readEnd == null ? InputStream.nullInputStream() : new HandleInputStream(readEnd);
    }

    /** The child's (inheritable) handle for one stream; a pipe's read end goes to {@code pipe[0]}. */
    private static WinNT.HANDLE open(ProgramStdio.Target target, int own, WinNT.HANDLE output, WinNT.HANDLE[] pipe,
                                     List<WinNT.HANDLE> childEnds, List<WinNT.HANDLE> ourEnds) throws IOException {
        return switch (target.kind()) {
            case PIPE -> {
                WinNT.HANDLEByReference read = new WinNT.HANDLEByReference();
                WinNT.HANDLEByReference write = new WinNT.HANDLEByReference();
                if (!Kernel32.INSTANCE.CreatePipe(read, write, inheritable(), 0)) {
                    throw failure("CreatePipe");
                }
                ourEnds.add(read.getValue());
                childEnds.add(write.getValue());
                Kernel32.INSTANCE.SetHandleInformation(read.getValue(), WinBase.HANDLE_FLAG_INHERIT, 0);
                pipe[0] = read.getValue();
                yield write.getValue();
            }
            case NUL -> openNul(childEnds);
            case INHERIT -> inheritOwn(own, childEnds);
            case FILE_TRUNCATE -> openFile(target.file().orElseThrow(), false, childEnds);
            case FILE_APPEND -> openFile(target.file().orElseThrow(), true, childEnds);
            case SAME_AS_OUTPUT -> output;
        };
    }

    private static WinBase.SECURITY_ATTRIBUTES inheritable() {
        WinBase.SECURITY_ATTRIBUTES attributes = new WinBase.SECURITY_ATTRIBUTES();
        attributes.dwLength = new WinDef.DWORD(attributes.size());
        attributes.bInheritHandle = true;
        return attributes;
    }

    private static WinNT.HANDLE openNul(List<WinNT.HANDLE> childEnds) throws IOException {
        WinNT.HANDLE nul = Kernel32.INSTANCE.CreateFile("NUL", WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
                WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, inheritable(), WinNT.OPEN_EXISTING, 0, null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(nul)) {
            throw failure("CreateFile(NUL)");
        }
        childEnds.add(nul);
        return nul;
    }

    /** An inheritable copy of the host's own standard handle; NUL when it has none (a service has none). */
    private static WinNT.HANDLE inheritOwn(int which, List<WinNT.HANDLE> childEnds) throws IOException {
        WinNT.HANDLE own = Kernel32.INSTANCE.GetStdHandle(which);
        if (own == null || WinBase.INVALID_HANDLE_VALUE.equals(own)) {
            return openNul(childEnds);
        }
        WinNT.HANDLE self = Kernel32.INSTANCE.GetCurrentProcess();
        WinNT.HANDLEByReference copy = new WinNT.HANDLEByReference();
        if (!Kernel32.INSTANCE.DuplicateHandle(self, own, self, copy, 0, true, DUPLICATE_SAME_ACCESS)) {
            return openNul(childEnds);
        }
        childEnds.add(copy.getValue());
        return copy.getValue();
    }

    private static WinNT.HANDLE openFile(File file, boolean append, List<WinNT.HANDLE> childEnds)
            throws IOException {
        WinNT.HANDLE handle = Kernel32.INSTANCE.CreateFile(file.getPath(),
                append ? WinNT.FILE_APPEND_DATA : WinNT.GENERIC_WRITE,
                WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE | WinNT.FILE_SHARE_DELETE, inheritable(),
                append ? WinNT.OPEN_ALWAYS : WinNT.CREATE_ALWAYS, WinNT.FILE_ATTRIBUTE_NORMAL, null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
            throw failure("CreateFile(" + file + ")");
        }
        childEnds.add(handle);
        return handle;
    }

    private static IOException failure(String call) {
        return new IOException(call + " failed: Win32 error " + LastError.code());
    }

    @Override
    public void signal(long pid, Signal signal) throws IOException {
        switch (StopDelivery.of(signal)) {
            case CTRL_C -> stops.stop(stopPlan, pid); // Ctrl-C, or the written stopMethods in order
            case TERMINATE -> jobs.kill(pid);
            case NONE -> throw new IOException("Windows programs cannot receive " + signal.sigName());
        }
    }

    @Override
    public int killDescendants() {
        return jobs.killAll();
    }

    /**
     * Ctrl-C, Ctrl-Break and closing the console window stop (foreground {@code svcctl run}), closing it only once the
     * stop is done or Windows' time-out nears ({@link ConsoleStopHandler}); Windows has no reload.
     */
    @Override
    public Runnable onSignals(Runnable onStop, Runnable onReload) {
        ConsoleStopHandler stop = new ConsoleStopHandler(onStop);
        SvcctlKernel32.HandlerRoutine handler = stop::handle;
        synchronized (handlers) {
            handlers.add(handler); // a strong reference while Windows may call it (JNA issue #62)
        }
        SvcctlKernel32.INSTANCE.SetConsoleCtrlHandler(handler, true);
        return () -> {
            stop.supervisionEnded();
            SvcctlKernel32.INSTANCE.SetConsoleCtrlHandler(handler, false);
            synchronized (handlers) {
                handlers.remove(handler);
            }
        };
    }
}
